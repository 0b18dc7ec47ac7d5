import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodValidationPipe } from 'nestjs-zod';
import type { OrgModelBody, OrgReplaced } from '@shuangcha/contracts/http';
import type { OrgSnapshot } from '@shuangcha/domain/org';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ApiProblem } from '../openapi/api-problem.decorator';
import { OrgModelDto, OrgModelExportDto, OrgReplacedDto } from '../openapi/dtos';
import { Can } from '../policy/can.decorator';
import { OrgService } from './org.service';

@ApiTags('admin')
@Controller('org')
export class OrgController {
  constructor(@Inject(OrgService) private readonly org: OrgService) {}

  @Get()
  @Can('manage', 'Org')
  @ApiOperation({ summary: 'Export the org model with its tenure history as JSON (admin)' })
  @ApiOkResponse({ type: OrgModelExportDto })
  export(): Promise<OrgSnapshot> {
    return this.org.export();
  }

  // PUT replaces the whole model, so a retry is harmless and needs no Idempotency-Key.
  @Put()
  @Can('manage', 'Org')
  @ApiOperation({ summary: 'Replace the whole org model (admin); all or nothing' })
  @ApiBody({ type: OrgModelDto })
  @ApiOkResponse({ type: OrgReplacedDto })
  @ApiProblem(422, 'ORG_INVALID with every bad row in `errors[]`; nothing was changed')
  replace(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(OrgModelDto)) body: OrgModelBody,
  ): Promise<OrgReplaced> {
    return this.org.replace(principal, body);
  }
}
