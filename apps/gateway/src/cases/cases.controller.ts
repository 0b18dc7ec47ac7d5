import { Body, Controller, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ZodValidationPipe } from 'nestjs-zod';
import {
  caseIdSchema,
  caseListQuerySchema,
  participantProposalQuerySchema,
  type AppealBody,
  type CaseCreated,
  type CaseDetail,
  type CaseList,
  type CaseListQuery,
  type ConflictBody,
  type RectificationFindingsBody,
  type CreateCaseBody,
  type DualInvestigationBody,
  type ParticipantProposalQuery,
  type ParticipantProposalView,
} from '@shuangcha/contracts/http';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { IdempotencyKey } from '../idempotency/idempotency-key.decorator';
import { ApiIdempotencyKey, ApiProblem } from '../openapi/api-problem.decorator';
import {
  AppealDto,
  CaseCreatedDto,
  CaseDetailDto,
  CaseListDto,
  ConflictDto,
  ConflictResultDto,
  RectificationFindingsDto,
  RectificationFindingsResultDto,
  CreateCaseDto,
  DualInvestigationDto,
  DualInvestigationResultDto,
  ParticipantProposalDto,
  TaskActionResultDto,
} from '../openapi/dtos';
import { UpdateRoute } from '../openapi/update-route.decorator';
import { Can } from '../policy/can.decorator';
import { CaseOpeningService } from './case-opening.service';
import { CasesService } from './cases.service';

const caseIdPipe = new ZodValidationPipe(caseIdSchema);

@ApiTags('cases')
@Controller('cases')
export class CasesController {
  constructor(
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(CaseOpeningService) private readonly opening: CaseOpeningService,
  ) {}

  @Post()
  @Can('create', 'Case')
  @ApiOperation({
    summary:
      'Open a case (starts caseWorkflow `case-${jurisdictionId}-${caseNo}`); without participants the org model proposes them, and the server allocates the number unless a paper case is registered with its own',
  })
  @ApiBody({ type: CreateCaseDto })
  @ApiResponse({ status: 201, type: CaseCreatedDto, description: 'Case opened' })
  @ApiResponse({
    status: 200,
    type: CaseCreatedDto,
    description: 'Retry with the same Idempotency-Key and body: the existing case',
  })
  @ApiIdempotencyKey('Identifies this filing; a retry with the same key and body returns the case already opened')
  @ApiProblem(403, 'FORBIDDEN: the caller may not open cases in this jurisdiction')
  @ApiProblem(409, 'CASE_ALREADY_FILED: the case number is taken in this jurisdiction (by another request)')
  @ApiProblem(
    422,
    'PARTICIPANTS_INVALID (errors[] name each role and why; nothing started), POLICY_NOT_ALLOWED or IDEMPOTENCY_KEY_REUSED',
  )
  async open(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Body(new ZodValidationPipe(CreateCaseDto)) body: CreateCaseBody,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseCreated> {
    const result = await this.opening.open(principal, key, body);
    res.status(result.replayed ? 200 : 201);
    return result.response;
  }

  // Declared before `:id`, which would otherwise take `participant-proposal` for a case id.
  @Get('participant-proposal')
  @Can('create', 'Case')
  @ApiOperation({
    summary:
      'Who would fill each role of a case opened for the unit in the jurisdiction, from the posts current on the day, and why; unfilled roles say why; the investigator candidates to choose from',
  })
  @ApiQuery({ name: 'unitId', required: true, type: String, example: 'u-county-health' })
  @ApiQuery({ name: 'jurisdictionId', required: true, type: String, example: 'u-county-committee' })
  @ApiQuery({ name: 'on', required: false, type: String, description: 'YYYY-MM-DD, default today (Asia/Shanghai)' })
  @ApiOkResponse({ type: ParticipantProposalDto })
  @ApiProblem(403, 'FORBIDDEN: the caller may not open cases in this jurisdiction')
  proposal(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(participantProposalQuerySchema)) query: ParticipantProposalQuery,
  ): Promise<ParticipantProposalView> {
    return this.opening.proposal(principal, query);
  }

  @Get()
  @Can('list', 'Case')
  @ApiOperation({ summary: 'Cases the caller may see (read model), newest first, cursor-paginated' })
  @ApiQuery({ name: 'cursor', required: false, type: String })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: '1-100, default 20' })
  @ApiQuery({ name: 'stage', required: false, type: String })
  @ApiQuery({ name: 'status', required: false, enum: ['OPEN', 'CLOSED'] })
  @ApiQuery({ name: 'unit', required: false, type: String })
  @ApiQuery({ name: 'caseNo', required: false, type: String, example: '2026-000123' })
  @ApiQuery({ name: 'documentNo', required: false, type: String, example: '清纪立〔2026〕123号' })
  @ApiQuery({
    name: 'subjectName',
    required: false,
    type: String,
    description: 'part of a subject name; matches only cases the caller sees in full',
  })
  @ApiQuery({ name: 'openedFrom', required: false, type: String, description: 'YYYY-MM-DD (Asia/Shanghai)' })
  @ApiQuery({ name: 'openedTo', required: false, type: String, description: 'YYYY-MM-DD (Asia/Shanghai)' })
  @ApiOkResponse({ type: CaseListDto })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(caseListQuerySchema)) query: CaseListQuery,
  ): Promise<CaseList> {
    return this.cases.list(principal, query);
  }

  @Get(':id')
  @Can('readMetadata', 'Case')
  @ApiOperation({
    summary: 'Live state of a case: stage, children, open tasks and timeline (metadata only for supervisors)',
  })
  @ApiParam({ name: 'id', example: 'case-u-county-x-2026-0001' })
  @ApiOkResponse({ type: CaseDetailDto })
  @ApiProblem(404, 'CASE_NOT_FOUND: unknown, or not visible to the caller')
  detail(@CurrentPrincipal() principal: Principal, @Param('id', caseIdPipe) caseId: string): Promise<CaseDetail> {
    return this.cases.detail(principal, caseId);
  }

  @UpdateRoute({
    path: ':id/conflicts',
    can: ['act', 'Case'],
    summary: 'Declare a conflict of interest (回避) for oneself, or for another person as case management/leadership',
    params: [{ name: 'id', example: 'case-u-county-x-2026-0001' }],
    body: ConflictDto,
    response: ConflictResultDto,
    problems: { 404: 'CASE_NOT_FOUND', 409: 'WRONG_STAGE or DUPLICATE_DECISION (already recused)' },
  })
  async declareConflict(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', caseIdPipe) caseId: string,
    @Body(new ZodValidationPipe(ConflictDto)) body: ConflictBody,
  ): Promise<{ conflicts: number }> {
    return (await this.cases.declareConflict(principal, key, caseId, body)).response;
  }

  @UpdateRoute({
    path: ':id/rectification-findings',
    can: ['act', 'Case'],
    summary:
      'Record the problems the case found (整改问题), rows as in a list import; replaces earlier ones. Closing the case opens the problem list from them',
    params: [{ name: 'id', example: 'case-u-county-x-2026-0001' }],
    body: RectificationFindingsDto,
    response: RectificationFindingsResultDto,
    problems: {
      403: 'ROLE_NOT_ALLOWED: only the case officer or the case-management officer records findings',
      404: 'CASE_NOT_FOUND',
      409: 'WRONG_STAGE: the case is closed',
      422: 'INVALID_DECISION (a bad row, or an item only its responsible person could verify) or IDEMPOTENCY_KEY_REUSED',
    },
  })
  async recordRectificationFindings(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', caseIdPipe) caseId: string,
    @Body(new ZodValidationPipe(RectificationFindingsDto)) body: RectificationFindingsBody,
  ): Promise<{ items: number }> {
    return (await this.cases.recordRectificationFindings(principal, key, caseId, body)).response;
  }

  @UpdateRoute({
    path: ':id/dual-investigation',
    can: ['act', 'Case'],
    summary: 'Decide on one case, two investigations (一案双查): trigger or decline the trace-back',
    params: [{ name: 'id', example: 'case-u-county-x-2026-0001' }],
    body: DualInvestigationDto,
    response: DualInvestigationResultDto,
    problems: { 404: 'CASE_NOT_FOUND', 409: 'WRONG_STAGE, DUPLICATE_DECISION or RECUSED_APPROVER' },
  })
  async decideDualInvestigation(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', caseIdPipe) caseId: string,
    @Body(new ZodValidationPipe(DualInvestigationDto)) body: DualInvestigationBody,
  ): Promise<{ decision: string }> {
    return (await this.cases.decideDualInvestigation(principal, key, caseId, body)).response;
  }

  @UpdateRoute({
    path: ':id/appeals',
    can: ['act', 'Case'],
    summary: 'Register an appeal (申诉) in the appeal window (case-management office)',
    params: [{ name: 'id', example: 'case-u-county-x-2026-0001' }],
    body: AppealDto,
    response: TaskActionResultDto,
    problems: { 404: 'CASE_NOT_FOUND', 409: 'WRONG_STAGE or DUPLICATE_DECISION' },
  })
  async registerAppeal(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', caseIdPipe) caseId: string,
    @Body(new ZodValidationPipe(AppealDto)) body: AppealBody,
  ): Promise<{ taskId: string; version: number }> {
    return (await this.cases.registerAppeal(principal, key, caseId, body)).response;
  }
}
