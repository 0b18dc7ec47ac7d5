import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ZodValidationPipe } from 'nestjs-zod';
import type { DecisionResult, TaskActionResult } from '@shuangcha/contracts';
import {
  inboxQuerySchema,
  taskIdSchema,
  type AccountabilityDecisionBody,
  type DecisionBody,
  type ExtensionBody,
  type Inbox,
  type InboxQuery,
  type ReassignBody,
  type ReplacementBody,
  type SuspensionBody,
} from '@shuangcha/contracts/http';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { IdempotencyKey } from '../idempotency/idempotency-key.decorator';
import { ApiIdempotencyKey, ApiProblem, UPDATE_KEY_DESCRIPTION } from '../openapi/api-problem.decorator';
import {
  AccountabilityDecisionDto,
  AccountabilityDecisionResultDto,
  DecisionDto,
  DecisionResultDto,
  ExtensionDto,
  InboxDto,
  ReassignDto,
  ReplacementDto,
  SuspensionDto,
  TaskActionResultDto,
} from '../openapi/dtos';
import { Can } from '../policy/can.decorator';
import { TASK_OPERATIONS, TasksService } from './tasks.service';

const taskIdPipe = new ZodValidationPipe(taskIdSchema);

@ApiTags('tasks')
@Controller('tasks')
export class TasksController {
  constructor(@Inject(TasksService) private readonly tasks: TasksService) {}

  @Get()
  @Can('read', 'Inbox')
  @ApiOperation({ summary: "The caller's open tasks, overdue first, then by due date" })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: '1-200, default 50' })
  @ApiQuery({ name: 'cursor', required: false, type: String, description: 'nextCursor of the previous page' })
  @ApiProblem(400, 'VALIDATION_FAILED: a cursor this API did not return')
  @ApiOkResponse({ type: InboxDto })
  inbox(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(inboxQuerySchema)) query: InboxQuery,
  ): Promise<Inbox> {
    return this.tasks.inbox(principal, query);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @Can('act', 'Case')
  @ApiOperation({ summary: 'Decide a task (outcome, comment, basis); the caller must be its assignee or a voter' })
  @ApiParam({ name: 'id', description: 'task id' })
  @ApiBody({ type: DecisionDto })
  @ApiOkResponse({ type: DecisionResultDto })
  @ApiIdempotencyKey(UPDATE_KEY_DESCRIPTION)
  @ApiProblem(403, 'NOT_ASSIGNEE or ROLE_NOT_ALLOWED, with the reason')
  @ApiProblem(404, 'TASK_NOT_FOUND: unknown, or its case is not visible to the caller')
  @ApiProblem(
    409,
    'WRONG_STAGE, RECUSED_APPROVER, DUPLICATE_DECISION or STALE_TASK_VERSION; TASK_CLOSED once its investigation has finished',
  )
  @ApiProblem(422, 'OUTCOME_NOT_ALLOWED, INVALID_DECISION or IDEMPOTENCY_KEY_REUSED')
  decide(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', taskIdPipe) taskId: string,
    @Body(new ZodValidationPipe(DecisionDto)) body: DecisionBody,
  ): Promise<DecisionResult> {
    return this.tasks.perform(principal, key, taskId, TASK_OPERATIONS.decision, body);
  }

  @Post(':id/accountability-decision')
  @HttpCode(200)
  @Can('act', 'Case')
  @ApiOperation({
    summary: 'Decide a responsibility-review task with accountability measures (forms, modifiers, basis)',
  })
  @ApiParam({ name: 'id', description: 'task id' })
  @ApiBody({ type: AccountabilityDecisionDto })
  @ApiOkResponse({ type: AccountabilityDecisionResultDto })
  @ApiIdempotencyKey(UPDATE_KEY_DESCRIPTION)
  @ApiProblem(403, 'NOT_ASSIGNEE or ROLE_NOT_ALLOWED, with the reason')
  @ApiProblem(404, 'TASK_NOT_FOUND: unknown, or its case is not visible to the caller')
  @ApiProblem(
    409,
    'WRONG_STAGE, RECUSED_APPROVER, DUPLICATE_DECISION or STALE_TASK_VERSION; TASK_CLOSED once its investigation has finished',
  )
  @ApiProblem(
    422,
    'INVALID_DECISION (e.g. an organization form for a cadre), OUTCOME_NOT_ALLOWED or IDEMPOTENCY_KEY_REUSED',
  )
  decideWithMeasures(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', taskIdPipe) taskId: string,
    @Body(new ZodValidationPipe(AccountabilityDecisionDto)) body: AccountabilityDecisionBody,
  ): Promise<DecisionResult & { warnings: string[] }> {
    return this.tasks.perform(principal, key, taskId, TASK_OPERATIONS.accountabilityDecision, body);
  }

  @Post(':id/extension-requests')
  @HttpCode(200)
  @Can('act', 'Case')
  @ApiOperation({ summary: 'Request an extension of the task deadline; opens an approval task one level up' })
  @ApiParam({ name: 'id', description: 'task id' })
  @ApiBody({ type: ExtensionDto })
  @ApiOkResponse({ type: TaskActionResultDto })
  @ApiIdempotencyKey(UPDATE_KEY_DESCRIPTION)
  @ApiProblem(403, 'NOT_ASSIGNEE')
  @ApiProblem(404, 'TASK_NOT_FOUND')
  @ApiProblem(
    409,
    'WRONG_STAGE, DUPLICATE_DECISION (one pending) or EXTENSION_LIMIT_REACHED; TASK_CLOSED once its investigation has finished',
  )
  requestExtension(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', taskIdPipe) taskId: string,
    @Body(new ZodValidationPipe(ExtensionDto)) body: ExtensionBody,
  ): Promise<TaskActionResult> {
    return this.tasks.perform(principal, key, taskId, TASK_OPERATIONS.extension, body);
  }

  @Post(':id/reassign')
  @HttpCode(200)
  @Can('reassign', 'Case')
  @ApiOperation({ summary: 'Reassign a task to another person (case management or leadership)' })
  @ApiParam({ name: 'id', description: 'task id' })
  @ApiBody({ type: ReassignDto })
  @ApiOkResponse({ type: TaskActionResultDto })
  @ApiIdempotencyKey(UPDATE_KEY_DESCRIPTION)
  @ApiProblem(403, 'ROLE_NOT_ALLOWED')
  @ApiProblem(404, 'TASK_NOT_FOUND')
  @ApiProblem(409, 'WRONG_STAGE or RECUSED_APPROVER; TASK_CLOSED once its investigation has finished')
  reassign(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', taskIdPipe) taskId: string,
    @Body(new ZodValidationPipe(ReassignDto)) body: ReassignBody,
  ): Promise<TaskActionResult> {
    return this.tasks.perform(principal, key, taskId, TASK_OPERATIONS.reassign, body);
  }

  @Post(':id/replacement')
  @HttpCode(200)
  @Can('act', 'Case')
  @ApiOperation({
    summary:
      'Name who takes over a recused case officer or case-management officer (另行指定); the leader in charge decides',
  })
  @ApiParam({ name: 'id', description: 'task id of the replacement task' })
  @ApiBody({ type: ReplacementDto })
  @ApiOkResponse({ type: DecisionResultDto })
  @ApiIdempotencyKey(UPDATE_KEY_DESCRIPTION)
  @ApiProblem(403, 'NOT_ASSIGNEE')
  @ApiProblem(404, 'TASK_NOT_FOUND')
  @ApiProblem(
    409,
    'RECUSED_APPROVER (the person is recused), DUPLICATE_DECISION or STALE_TASK_VERSION; TASK_CLOSED once its investigation has finished',
  )
  @ApiProblem(422, 'INVALID_DECISION: not a replacement task, or the person would break WR art. 59 separation')
  nameReplacement(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', taskIdPipe) taskId: string,
    @Body(new ZodValidationPipe(ReplacementDto)) body: ReplacementBody,
  ): Promise<DecisionResult> {
    return this.tasks.perform(principal, key, taskId, TASK_OPERATIONS.replacement, body);
  }

  @Post(':id/suspension')
  @HttpCode(200)
  @Can('act', 'Case')
  @ApiOperation({
    summary: 'Request suspension of the stage clock (e.g. person unreachable); needs approval one level up',
  })
  @ApiParam({ name: 'id', description: 'task id' })
  @ApiBody({ type: SuspensionDto })
  @ApiOkResponse({ type: TaskActionResultDto })
  @ApiIdempotencyKey(UPDATE_KEY_DESCRIPTION)
  @ApiProblem(403, 'NOT_ASSIGNEE')
  @ApiProblem(404, 'TASK_NOT_FOUND')
  @ApiProblem(409, 'WRONG_STAGE or DUPLICATE_DECISION; TASK_CLOSED once its investigation has finished')
  requestSuspension(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', taskIdPipe) taskId: string,
    @Body(new ZodValidationPipe(SuspensionDto)) body: SuspensionBody,
  ): Promise<TaskActionResult> {
    return this.tasks.perform(principal, key, taskId, TASK_OPERATIONS.suspension, body);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @Can('act', 'Case')
  @ApiOperation({ summary: 'Resume a suspended stage clock; the due date is recalculated and audited' })
  @ApiParam({ name: 'id', description: 'task id' })
  @ApiBody({ type: SuspensionDto })
  @ApiOkResponse({ type: TaskActionResultDto })
  @ApiIdempotencyKey(UPDATE_KEY_DESCRIPTION)
  @ApiProblem(403, 'ROLE_NOT_ALLOWED')
  @ApiProblem(404, 'TASK_NOT_FOUND')
  @ApiProblem(409, 'WRONG_STAGE (clock running); TASK_CLOSED once its investigation has finished')
  resume(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', taskIdPipe) taskId: string,
    @Body(new ZodValidationPipe(SuspensionDto)) body: SuspensionBody,
  ): Promise<TaskActionResult> {
    return this.tasks.perform(principal, key, taskId, TASK_OPERATIONS.resume, body);
  }
}
