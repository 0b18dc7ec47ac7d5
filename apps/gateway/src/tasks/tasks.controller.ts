import { Body, Controller, Get, Inject, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
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
import type { AcceptedWhileDatabaseAway } from '../idempotency/idempotency.service';
import { ApiProblem } from '../openapi/api-problem.decorator';
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
import { UpdateRoute } from '../openapi/update-route.decorator';
import { Can } from '../policy/can.decorator';
import { AcceptedStatusInterceptor } from './accepted-status.interceptor';
import { TASK_OPERATIONS, TasksService } from './tasks.service';

const taskIdPipe = new ZodValidationPipe(taskIdSchema);

@ApiTags('tasks')
@Controller('tasks')
@UseInterceptors(AcceptedStatusInterceptor)
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

  @UpdateRoute({
    path: ':id/decision',
    can: ['act', 'Case'],
    summary: 'Decide a task (outcome, comment, basis); the caller must be its assignee or a voter',
    params: [{ name: 'id', description: 'task id' }],
    acceptedWhileDatabaseAway: true,
    body: DecisionDto,
    response: DecisionResultDto,
    problems: {
      403: 'NOT_ASSIGNEE or ROLE_NOT_ALLOWED, with the reason',
      404: 'TASK_NOT_FOUND: unknown, or its case is not visible to the caller',
      409: 'WRONG_STAGE, RECUSED_APPROVER, DUPLICATE_DECISION or STALE_TASK_VERSION; TASK_CLOSED once its investigation has finished',
      422: 'OUTCOME_NOT_ALLOWED, INVALID_DECISION or IDEMPOTENCY_KEY_REUSED',
    },
  })
  decide(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', taskIdPipe) taskId: string,
    @Body(new ZodValidationPipe(DecisionDto)) body: DecisionBody,
  ): Promise<DecisionResult | AcceptedWhileDatabaseAway> {
    return this.tasks.perform(principal, key, taskId, TASK_OPERATIONS.decision, body);
  }

  @UpdateRoute({
    path: ':id/accountability-decision',
    can: ['act', 'Case'],
    summary: 'Decide a responsibility-review task with accountability measures (forms, modifiers, basis)',
    params: [{ name: 'id', description: 'task id' }],
    acceptedWhileDatabaseAway: true,
    body: AccountabilityDecisionDto,
    response: AccountabilityDecisionResultDto,
    problems: {
      403: 'NOT_ASSIGNEE or ROLE_NOT_ALLOWED, with the reason',
      404: 'TASK_NOT_FOUND: unknown, or its case is not visible to the caller',
      409: 'WRONG_STAGE, RECUSED_APPROVER, DUPLICATE_DECISION or STALE_TASK_VERSION; TASK_CLOSED once its investigation has finished',
      422: 'INVALID_DECISION (e.g. an organization form for a cadre), OUTCOME_NOT_ALLOWED or IDEMPOTENCY_KEY_REUSED',
    },
  })
  decideWithMeasures(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', taskIdPipe) taskId: string,
    @Body(new ZodValidationPipe(AccountabilityDecisionDto)) body: AccountabilityDecisionBody,
  ): Promise<(DecisionResult & { warnings: string[] }) | AcceptedWhileDatabaseAway> {
    return this.tasks.perform(principal, key, taskId, TASK_OPERATIONS.accountabilityDecision, body);
  }

  @UpdateRoute({
    path: ':id/extension-requests',
    can: ['act', 'Case'],
    summary: 'Request an extension of the task deadline; opens an approval task one level up',
    params: [{ name: 'id', description: 'task id' }],
    acceptedWhileDatabaseAway: true,
    body: ExtensionDto,
    response: TaskActionResultDto,
    problems: {
      403: 'NOT_ASSIGNEE',
      404: 'TASK_NOT_FOUND',
      409: 'WRONG_STAGE, DUPLICATE_DECISION (one pending) or EXTENSION_LIMIT_REACHED; TASK_CLOSED once its investigation has finished',
    },
  })
  requestExtension(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', taskIdPipe) taskId: string,
    @Body(new ZodValidationPipe(ExtensionDto)) body: ExtensionBody,
  ): Promise<TaskActionResult | AcceptedWhileDatabaseAway> {
    return this.tasks.perform(principal, key, taskId, TASK_OPERATIONS.extension, body);
  }

  @UpdateRoute({
    path: ':id/reassign',
    can: ['reassign', 'Case'],
    summary: 'Reassign a task to another person (case management or leadership)',
    params: [{ name: 'id', description: 'task id' }],
    acceptedWhileDatabaseAway: true,
    body: ReassignDto,
    response: TaskActionResultDto,
    problems: {
      403: 'ROLE_NOT_ALLOWED',
      404: 'TASK_NOT_FOUND',
      409: 'WRONG_STAGE or RECUSED_APPROVER; TASK_CLOSED once its investigation has finished',
    },
  })
  reassign(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', taskIdPipe) taskId: string,
    @Body(new ZodValidationPipe(ReassignDto)) body: ReassignBody,
  ): Promise<TaskActionResult | AcceptedWhileDatabaseAway> {
    return this.tasks.perform(principal, key, taskId, TASK_OPERATIONS.reassign, body);
  }

  @UpdateRoute({
    path: ':id/replacement',
    can: ['act', 'Case'],
    summary:
      'Name who takes over a recused case officer or case-management officer (另行指定); the leader in charge decides',
    params: [{ name: 'id', description: 'task id of the replacement task' }],
    acceptedWhileDatabaseAway: true,
    body: ReplacementDto,
    response: DecisionResultDto,
    problems: {
      403: 'NOT_ASSIGNEE',
      404: 'TASK_NOT_FOUND',
      409: 'RECUSED_APPROVER (the person is recused), DUPLICATE_DECISION or STALE_TASK_VERSION; TASK_CLOSED once its investigation has finished',
      422: 'INVALID_DECISION: not a replacement task, or the person would break WR art. 59 separation',
    },
  })
  nameReplacement(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', taskIdPipe) taskId: string,
    @Body(new ZodValidationPipe(ReplacementDto)) body: ReplacementBody,
  ): Promise<DecisionResult | AcceptedWhileDatabaseAway> {
    return this.tasks.perform(principal, key, taskId, TASK_OPERATIONS.replacement, body);
  }

  @UpdateRoute({
    path: ':id/suspension',
    can: ['act', 'Case'],
    summary: 'Request suspension of the stage clock (e.g. person unreachable); needs approval one level up',
    params: [{ name: 'id', description: 'task id' }],
    acceptedWhileDatabaseAway: true,
    body: SuspensionDto,
    response: TaskActionResultDto,
    problems: {
      403: 'NOT_ASSIGNEE',
      404: 'TASK_NOT_FOUND',
      409: 'WRONG_STAGE or DUPLICATE_DECISION; TASK_CLOSED once its investigation has finished',
    },
  })
  requestSuspension(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', taskIdPipe) taskId: string,
    @Body(new ZodValidationPipe(SuspensionDto)) body: SuspensionBody,
  ): Promise<TaskActionResult | AcceptedWhileDatabaseAway> {
    return this.tasks.perform(principal, key, taskId, TASK_OPERATIONS.suspension, body);
  }

  @UpdateRoute({
    path: ':id/resume',
    can: ['act', 'Case'],
    summary: 'Resume a suspended stage clock; the due date is recalculated and audited',
    params: [{ name: 'id', description: 'task id' }],
    acceptedWhileDatabaseAway: true,
    body: SuspensionDto,
    response: TaskActionResultDto,
    problems: {
      403: 'ROLE_NOT_ALLOWED',
      404: 'TASK_NOT_FOUND',
      409: 'WRONG_STAGE (clock running); TASK_CLOSED once its investigation has finished',
    },
  })
  resume(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', taskIdPipe) taskId: string,
    @Body(new ZodValidationPipe(SuspensionDto)) body: SuspensionBody,
  ): Promise<TaskActionResult | AcceptedWhileDatabaseAway> {
    return this.tasks.perform(principal, key, taskId, TASK_OPERATIONS.resume, body);
  }
}
