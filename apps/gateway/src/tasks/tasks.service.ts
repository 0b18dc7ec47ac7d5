import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { DataSource } from 'typeorm';
import {
  reassignTask,
  requestClockSuspension,
  requestExtension,
  resumeClock,
  nameReplacement,
  submitAccountabilityDecision,
  submitDecision,
  type DecisionResult,
  type TaskActionResult,
  workflowIdOfTask,
} from '@shuangcha/contracts';
import { ProblemCode, type Inbox, type InboxQuery } from '@shuangcha/contracts/http';
import { CaseTaskEntity, TaskInboxQueries } from '@shuangcha/persistence';
import type { Principal } from '../auth/principal';
import { AcceptedWhileDatabaseAway, IdempotencyService } from '../idempotency/idempotency.service';
import { PeopleMapService } from '../people/people-map.service';
import { CaseAccessService } from '../policy/case-access.service';
import type { Action } from '../policy/case-policy';
import { isDatabaseUnavailable } from '../problem/classify-error';
import { ProblemException } from '../problem/problem.exception';
import { withCursor } from '../supervision/supervision.service';

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
  /** The leader in charge names who takes over a recused single holder (DOMAIN §5, scenario C.3). */
  replacement: { update: nameReplacement, action: 'act', route: 'POST /tasks/:id/replacement' },
  suspension: { update: requestClockSuspension, action: 'act', route: 'POST /tasks/:id/suspension' },
  resume: { update: resumeClock, action: 'act', route: 'POST /tasks/:id/resume' },
} as const;

@Injectable()
export class TasksService {
  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TaskInboxQueries) private readonly inboxQueries: TaskInboxQueries,
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
    @Inject(PeopleMapService) private readonly peopleMap: PeopleMapService,
  ) {}

  /**
   * The caller's open tasks from the read model, overdue first, then by due date: their own, the collective
   * decisions they vote on, and overdue tasks escalated to them (each marked with why it is there).
   */
  async inbox(principal: Principal, query: InboxQuery): Promise<Inbox> {
    // Each row is the caller's own (assigned, voting, escalated to them) on a case they are no target of.
    const page = await withCursor(query.cursor, () => this.inboxQueries.openTasksOf(principal.personId, query));
    return this.peopleMap.withPeople({
      items: page.items,
      ...(page.nextCursor !== null && { nextCursor: page.nextCursor }),
    });
  }

  /**
   * Sends one task Update to the workflow that owns the task (the read model knows which). The actor is
   * always the token's subject; the Idempotency-Key scopes the update id, so Temporal applies a retry once.
   * While the database is away, a task whose id names its workflow is still reached (issue 15 §2): the
   * access check then reads the live case and the workflow's validator checks the person as always.
   */
  async perform<Ret extends DecisionResult | TaskActionResult, Body extends object>(
    principal: Principal,
    key: string,
    taskId: string,
    operation: TaskOperation<Ret, Body & { taskId: string; actorId: string }>,
    body: Body,
  ): Promise<Ret | AcceptedWhileDatabaseAway> {
    const task = await this.locate(taskId);
    if (!task) throw new ProblemException(ProblemCode.TaskNotFound, `no task ${taskId}`);
    const seen = await this.access.requireTask(principal, operation.action, task);
    const authority = operation.route === TASK_OPERATIONS.reassign.route ? reassignAuthority(principal, seen) : {};
    const { response } = await this.idempotency.updateTask({
      principalId: principal.personId,
      key,
      route: operation.route,
      body: { taskId, ...body },
      taskId,
      caseId: task.caseId,
      workflowId: task.workflowId,
      update: operation.update,
      arg: { ...body, ...authority, taskId, actorId: principal.personId },
      // The read model (or the id) names the task's workflow, so it existed: Temporal refuses Updates on a
      // finished run as if it were missing, and the caller must hear that the task is closed, not that a case is unknown.
      whenMissing: () =>
        new ProblemException(
          ProblemCode.TaskClosed,
          `task ${taskId} is closed: the investigation it belongs to has finished`,
        ),
    });
    return response;
  }

  /** The task's row; while the database is away, what its id says (its assignee then comes from the workflow). */
  private async locate(taskId: string): Promise<LocatedTask | null> {
    try {
      return await this.dataSource.getRepository(CaseTaskEntity).findOneBy({ taskId });
    } catch (error) {
      const workflowId = workflowIdOfTask(taskId);
      if (workflowId === null || !isDatabaseUnavailable(error)) throw error;
      // Children run as `<caseId>/…` and problem-list items as `<listId>/item-…`: the chain a task lives on.
      return { taskId, workflowId, caseId: workflowId.split('/')[0] ?? workflowId, assigneeId: null };
    }
  }
}

interface LocatedTask {
  taskId: string;
  workflowId: string;
  caseId: string;
  /** Null when the read model could not say. */
  assigneeId: string | null;
}

/**
 * The case-management office supervises the cases of its jurisdiction (DOMAIN §1, §7), the director included,
 * though a case names only one of its officers; the org model gives the office's posts the supervisor role.
 * Problem lists keep their own supervisors.
 */
export function reassignAuthority(
  principal: Principal,
  seen: { jurisdictionId: string } | null,
): { actorAuthority?: 'caseManagementOffice' } {
  const inOffice =
    seen !== null && principal.roles.includes('supervisor') && principal.jurisdictionIds.includes(seen.jurisdictionId);
  return inOffice ? { actorAuthority: 'caseManagementOffice' } : {};
}
