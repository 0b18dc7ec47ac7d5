import { Body, Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ZodValidationPipe } from 'nestjs-zod';
import {
  type AccountabilityAppealBody,
  candidateKeySchema,
  caseIdSchema,
  type AccountabilityView,
  type CandidateAdditionBody,
  type CandidateRemovalBody,
  type FindingsBody,
} from '@shuangcha/contracts/http';
import type { FindingsSent, TaskActionResult } from '@shuangcha/contracts';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { IdempotencyKey } from '../idempotency/idempotency-key.decorator';
import { ApiProblem } from '../openapi/api-problem.decorator';
import {
  AccountabilityAppealDto,
  AccountabilityViewDto,
  CandidateAddedDto,
  CandidateAdditionDto,
  CandidateRemovalDto,
  CandidateRemovalRequestedDto,
  FindingsDto,
  FindingsSentDto,
  TaskActionResultDto,
} from '../openapi/dtos';
import { UpdateRoute } from '../openapi/update-route.decorator';
import { Can } from '../policy/can.decorator';
import { AccountabilityService } from './accountability.service';

const caseIdPipe = new ZodValidationPipe(caseIdSchema);

/** 一案双查: the accountability investigation (责任倒查) of a case. */
@ApiTags('accountability')
@Controller('cases')
export class AccountabilityController {
  constructor(@Inject(AccountabilityService) private readonly accountability: AccountabilityService) {}

  @Get(':id/accountability')
  @Can('read', 'Case')
  @ApiOperation({
    summary: 'Accountability summary (who bore which responsibility, form, appeals) and, while running, live state',
  })
  @ApiParam({ name: 'id', example: 'case-u-county-x-2026-0001' })
  @ApiOkResponse({ type: AccountabilityViewDto })
  @ApiProblem(404, 'CASE_NOT_FOUND: unknown, or not visible to the caller')
  view(@CurrentPrincipal() principal: Principal, @Param('id', caseIdPipe) caseId: string): Promise<AccountabilityView> {
    return this.accountability.view(principal, caseId);
  }

  @UpdateRoute({
    path: ':id/trace-back/candidates',
    can: ['act', 'Case'],
    summary: 'Add a trace-back candidate by hand, with a reason (before the candidates are confirmed)',
    params: [{ name: 'id', example: 'case-u-county-x-2026-0001' }],
    body: CandidateAdditionDto,
    response: CandidateAddedDto,
    problems: {
      404: 'CASE_NOT_FOUND',
      409: 'WRONG_STAGE (no running trace-back, or candidates already confirmed) or DUPLICATE_DECISION',
      422: 'INVALID_DECISION or IDEMPOTENCY_KEY_REUSED',
    },
  })
  async addCandidate(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', caseIdPipe) caseId: string,
    @Body(new ZodValidationPipe(CandidateAdditionDto)) body: CandidateAdditionBody,
  ): Promise<{ candidateKey: string; candidates: number }> {
    return (await this.accountability.addCandidate(principal, key, caseId, body)).response;
  }

  @UpdateRoute({
    path: ':id/trace-back/candidates/:key/removal',
    can: ['act', 'Case'],
    summary: 'Ask to remove a trace-back candidate, with a reason; the leader in charge approves',
    params: [
      { name: 'id', example: 'case-u-county-x-2026-0001' },
      { name: 'key', example: 'person-p-0036' },
    ],
    body: CandidateRemovalDto,
    response: CandidateRemovalRequestedDto,
    problems: {
      404: 'CASE_NOT_FOUND',
      409: 'WRONG_STAGE or DUPLICATE_DECISION (a removal already pending)',
      422: 'INVALID_DECISION (unknown candidate) or IDEMPOTENCY_KEY_REUSED',
    },
  })
  async removeCandidate(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', caseIdPipe) caseId: string,
    @Param('key', new ZodValidationPipe(candidateKeySchema)) candidateKey: string,
    @Body(new ZodValidationPipe(CandidateRemovalDto)) body: CandidateRemovalBody,
  ): Promise<{ candidateKey: string; approvalTaskId: string }> {
    return (await this.accountability.removeCandidate(principal, key, caseId, candidateKey, body)).response;
  }

  @UpdateRoute({
    path: ':id/findings',
    can: ['act', 'Case'],
    summary:
      'Send the facts the violation investigation found to the accountability investigation (case officer or case management of the case)',
    params: [{ name: 'id', example: 'case-u-county-x-2026-0001' }],
    body: FindingsDto,
    response: FindingsSentDto,
    problems: {
      403: 'ROLE_NOT_ALLOWED: not the case officer or case management of this case',
      404: 'CASE_NOT_FOUND: unknown, or not visible to the caller (a subject, a candidate or a recused person)',
      409: 'WRONG_STAGE (the case is closed) or RECUSED_APPROVER',
      422: 'IDEMPOTENCY_KEY_REUSED',
    },
  })
  async sendFindings(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', caseIdPipe) caseId: string,
    @Body(new ZodValidationPipe(FindingsDto)) body: FindingsBody,
  ): Promise<FindingsSent> {
    return (await this.accountability.sendFindings(principal, key, caseId, body)).response;
  }

  @UpdateRoute({
    path: ':id/trace-back/reviews/:key/appeals',
    can: ['act', 'Case'],
    summary:
      'Register an appeal (申诉) against the accountability decision of one review, in its appeal window (case-management office); the appeal handler reviews it',
    params: [
      { name: 'id', example: 'case-u-county-x-2026-0001' },
      { name: 'key', example: 'person-p-0037' },
    ],
    body: AccountabilityAppealDto,
    response: TaskActionResultDto,
    problems: {
      403: 'ROLE_NOT_ALLOWED: appeals are registered by the case-management office of the case',
      404: 'CASE_NOT_FOUND, or NOT_FOUND: no review of that candidate',
      409: 'WRONG_STAGE (no running trace-back, or the review is not in its appeal window), DUPLICATE_DECISION or RECUSED_APPROVER',
      422: 'INVALID_DECISION (filedOn in the future or before the decision was served) or IDEMPOTENCY_KEY_REUSED',
    },
  })
  async registerAppeal(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', caseIdPipe) caseId: string,
    @Param('key', new ZodValidationPipe(candidateKeySchema)) candidateKey: string,
    @Body(new ZodValidationPipe(AccountabilityAppealDto)) body: AccountabilityAppealBody,
  ): Promise<TaskActionResult> {
    return (await this.accountability.registerAppeal(principal, key, caseId, candidateKey, body)).response;
  }
}
