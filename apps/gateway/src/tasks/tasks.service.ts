import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { DataSource } from 'typeorm';
import {
  reassignTask,
  requestClockSuspension,
  requestExtension,
  resumeClock,
  submitAccountabilityDecision,
  submitDecision,
  type DecisionResult,
  type TaskActionResult,
} from '@shuangcha/contracts';
import { ProblemCode, type Inbox, type InboxQuery } from '@shuangcha/contracts/http';
import { CaseTaskEntity, caseNotHiddenFrom } from '@shuangcha/persistence';
import type { Principal } from '../auth/principal';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { CaseAccessService } from '../policy/case-access.service';
import type { Action } from '../policy/case-policy';
import { onCase, ProblemException } from '../problem/problem.exception';

interface InboxRow {
  task_id: string;
  case_id: string;
  workflow_id: string;
  stage: string;
  kind: string;
  title: string;
  allowed_outcomes: string[];
  version: number;
  created_at: Date;
  due_at: Date;
  due_provisional: boolean;
  warning_level: string;
  escalation_level: number;
  suspended: boolean;
  overdue: boolean;
}

/** One task operation: which Update, which policy action, and the route its Idempotency-Key is scoped to. */
interface TaskOperation<Ret, Arg> {
  update: UpdateDefinition<Ret, [Arg]>;
  action: Action;
  route: string;
}

export const TASK_OPERATIONS = {
  decision: { update: submitDecision, action: 'act', route: 'POST /tasks/:id/decision' },
  /** Review tasks that carry measures (proposal, a managing body's decision, an amended appeal). */
  accountabilityDecision: {
    update: submitAccountabilityDecision,
    action: 'act',
    route: 'POST /tasks/:id/accountability-decision',
  },
  extension: { update: requestExtension, action: 'act', route: 'POST /tasks/:id/extension-requests' },
  reassign: { update: reassignTask, action: 'reassign', route: 'POST /tasks/:id/reassign' },
  suspension: { update: requestClockSuspension, action: 'act', route: 'POST /tasks/:id/suspension' },
  resume: { update: resumeClock, action: 'act', route: 'POST /tasks/:id/resume' },
} as const;

@Injectable()
export class TasksService {
  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
  ) {}

  /**
   * The caller's open tasks from the read model, overdue first, then by due date. Collective decisions are
   * listed for the person the task row names; other voters find them on the case. A task of a case the
   * caller is a target of or recused from is left out: the workflow reroutes it, and until the read model
   * shows that, the caller must not see it.
   */
  async inbox(principal: Principal, query: InboxQuery): Promise<Inbox> {
    const rows: InboxRow[] = await this.dataSource.query(
      `SELECT t.task_id, t.case_id, t.workflow_id, t.stage, t.kind, t.title, t.allowed_outcomes, t.version,
              t.created_at, t.due_at, t.due_provisional, t.warning_level, t.escalation_level, t.suspended,
              (t.warning_level = 'overdue' OR (NOT t.suspended AND t.due_at < now())) AS overdue
         FROM case_tasks t
        WHERE t.assignee_id = $1 AND t.status = 'OPEN'
          AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.case_id = t.case_id AND NOT ${caseNotHiddenFrom('c', '$1')})
        ORDER BY overdue DESC, t.due_at ASC, t.task_id ASC
        LIMIT $2`,
      [principal.personId, query.limit],
    );
    return {
      items: rows.map((r) => ({
        taskId: r.task_id,
        caseId: r.case_id,
        workflowId: r.workflow_id,
        stage: r.stage,
        kind: r.kind,
        title: r.title,
        allowedOutcomes: r.allowed_outcomes,
        version: r.version,
        createdAt: r.created_at.toISOString(),
        dueAt: r.due_at.toISOString(),
        dueProvisional: r.due_provisional,
        warningLevel: r.warning_level,
        escalationLevel: r.escalation_level,
        suspended: r.suspended,
        overdue: r.overdue,
      })),
    };
  }

  /**
   * Sends one task Update to the workflow that owns the task (the read model knows which). The actor is
   * always the token's subject; the Idempotency-Key is the update id, so Temporal applies a retry once.
   */
  async perform<Ret extends DecisionResult | TaskActionResult, Body extends object>(
    principal: Principal,
    key: string,
    taskId: string,
    operation: TaskOperation<Ret, Body & { taskId: string; actorId: string }>,
    body: Body,
  ): Promise<Ret> {
    const task = await this.dataSource.getRepository(CaseTaskEntity).findOneBy({ taskId });
    if (!task) throw new ProblemException(ProblemCode.TaskNotFound, `no task ${taskId}`);
    await this.access.requireTask(principal, operation.action, task);
    const { response } = await this.idempotency.run(
      { principalId: principal.personId, key, route: operation.route, body: { taskId, ...body } },
      () =>
        onCase(task.caseId, () =>
          this.client.workflow.getHandle(task.workflowId).executeUpdate(operation.update, {
            args: [{ ...body, taskId, actorId: principal.personId }],
            updateId: key,
          }),
        ),
    );
    return response;
  }
}
