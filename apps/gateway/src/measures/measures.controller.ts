import { Body, Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ZodValidationPipe } from 'nestjs-zod';
import { caseIdSchema, type MeasureList, type MeasureLogBody } from '@shuangcha/contracts/http';
import type { MeasureLogResult } from '@shuangcha/contracts';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { IdempotencyKey } from '../idempotency/idempotency-key.decorator';
import { ApiProblem } from '../openapi/api-problem.decorator';
import { MeasureListDto, MeasureLogDto, MeasureLogResultDto } from '../openapi/dtos';
import { UpdateRoute } from '../openapi/update-route.decorator';
import { Can } from '../policy/can.decorator';
import { MeasuresService } from './measures.service';

const caseIdPipe = new ZodValidationPipe(caseIdSchema);

@ApiTags('cases')
@Controller('cases')
export class MeasuresController {
  constructor(@Inject(MeasuresService) private readonly measures: MeasuresService) {}

  @UpdateRoute({
    path: ':id/measures',
    can: ['act', 'Case'],
    summary:
      'Log an investigative measure (审查调查措施) in preliminary verification or investigation, as a member of its team; a measure under approval opens an approval task and is taken on the day it is approved',
    params: [{ name: 'id', example: 'case-u-county-x-2026-0001' }],
    body: MeasureLogDto,
    response: MeasureLogResultDto,
    problems: {
      403: 'ROLE_NOT_ALLOWED: not on the stage’s team',
      404: 'CASE_NOT_FOUND',
      409: 'WRONG_STAGE (not in preliminary verification or investigation) or RECUSED_APPROVER',
      422: 'MEASURE_NOT_ALLOWED (not at this stage) or INVALID_DECISION (a date taken for a measure under approval, or not possible)',
    },
  })
  async log(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', caseIdPipe) caseId: string,
    @Body(new ZodValidationPipe(MeasureLogDto)) body: MeasureLogBody,
  ): Promise<MeasureLogResult> {
    return (await this.measures.log(principal, key, caseId, body)).response;
  }

  @Get(':id/measures')
  @Can('read', 'Case')
  @ApiOperation({
    summary:
      'The investigative measures logged on a case, oldest first: approval, the day taken and the last day its limit allows',
  })
  @ApiParam({ name: 'id', example: 'case-u-county-x-2026-0001' })
  @ApiOkResponse({ type: MeasureListDto })
  @ApiProblem(404, 'CASE_NOT_FOUND: unknown, or not visible to the caller in full')
  list(@CurrentPrincipal() principal: Principal, @Param('id', caseIdPipe) caseId: string): Promise<MeasureList> {
    return this.measures.list(principal, caseId);
  }
}
