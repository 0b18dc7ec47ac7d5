import type { DataSource, EntityManager } from 'typeorm';
import { withheldFrom } from './notification.queries';
import { decodeKeysetCursor, encodeKeysetCursor, type Page } from './supervision.queries';

/** Why a task is in a person's inbox. */
export type InboxReason =
  /** The person holds the task. */
  | 'ASSIGNED'
  /** A collective decision (集体研究) the person votes on and has not voted on yet. */
  | 'VOTER'
  /** Someone else's overdue task whose escalation reached the person (DOMAIN §7): to follow up, not to decide. */
  | 'ESCALATED';

export interface InboxTaskRow {
  taskId: string;
  caseId: string;
  workflowId: string;
  stage: string;
  kind: string;
  title: string;
  assigneeId: string;
  /** The person the task is about (a recused person's recusal, replacement or re-check), or null. */
  concernsPersonId: string | null;
  inboxReason: InboxReason;
  allowedOutcomes: string[];
  version: number;
  createdAt: string;
  dueAt: string;
  dueProvisional: boolean;
  warningLevel: string;
  escalationLevel: number;
  suspended: boolean;
  overdue: boolean;
}

interface Row {
  task_id: string;
  case_id: string;
  workflow_id: string;
  stage: string;
  kind: string;
  title: string;
  assignee_id: string;
  concerns_person_id: string | null;
  inbox_reason: InboxReason;
  allowed_outcomes: string[];
  version: number;
  created_at: Date;
  due_at: Date;
  due_provisional: boolean;
  warning_level: string;
  escalation_level: number;
  suspended: boolean;
  overdue: boolean;
  /** due_at to the microsecond: the cursor must not round the last row's key down and list it twice. */
  due_key: string;
}

/**
 * The open tasks a person should see, from the read model. A collective decision is listed for each voter
 * until they voted (tasks projected before voters were recorded: for the person the row names). An
 * escalated task is listed for whoever an escalation reached while it stays overdue.
 */
export class TaskInboxQueries {
  constructor(private readonly db: DataSource | EntityManager) {}

  /**
   * One page of the inbox, overdue first, then by due date, then by task id (unique, so the order is total
   * and a keyset cursor reaches every task exactly once).
   */
  async openTasksOf(personId: string, page: { limit: number; cursor?: string | null }): Promise<Page<InboxTaskRow>> {
    const cursor = decodeKeysetCursor(page.cursor, 3);
    const params: unknown[] = [personId, page.limit + 1];
    // overdue DESC, so after an overdue row come later overdue rows, then every row that is not overdue.
    let after = '';
    if (cursor) {
      const [overdue, dueAt, taskId] = cursor.map((part) => `$${params.push(part)}`);
      after = `WHERE (NOT t.overdue AND ${overdue}::boolean)
                  OR (t.overdue = ${overdue}::boolean AND (t.due_at, t.task_id) > (${dueAt}::timestamptz, ${taskId}))`;
    }
    const rows: Row[] = await this.db.query(
      `WITH candidates AS (
         -- Each branch on its own index: assignee, voters (GIN), the person's notifications.
         SELECT task_id FROM case_tasks WHERE assignee_id = $1 AND status = 'OPEN'
         UNION SELECT task_id FROM case_tasks WHERE voter_ids @> ARRAY[$1]::text[] AND status = 'OPEN'
         UNION SELECT task_id FROM case_notifications WHERE recipient_id = $1 AND kind = 'escalation'
       ),
       open_tasks AS (
         SELECT t.*,
                (t.kind <> 'collectiveDecision' AND t.assignee_id = $1) AS assigned,
                (t.kind = 'collectiveDecision'
                  AND (t.voter_ids @> ARRAY[$1]::text[] OR (cardinality(t.voter_ids) = 0 AND t.assignee_id = $1))
                  AND NOT t.history @> jsonb_build_array(jsonb_build_object('action', 'VOTED', 'actorId', $1::text))
                ) AS voter,
                (t.assignee_id <> $1 AND t.warning_level = 'overdue'
                  AND t.task_id IN (SELECT n.task_id FROM case_notifications n
                                     WHERE n.recipient_id = $1 AND n.kind = 'escalation')) AS escalated
           FROM case_tasks t JOIN candidates USING (task_id)
          WHERE t.status = 'OPEN'
       ),
       mine AS (
         SELECT t.*, CASE WHEN t.assigned THEN 'ASSIGNED' WHEN t.voter THEN 'VOTER' ELSE 'ESCALATED' END AS inbox_reason
           FROM open_tasks t
          WHERE t.assigned OR t.voter OR t.escalated
       ),
       listed AS (
         SELECT t.*, (t.warning_level = 'overdue' OR (NOT t.suspended AND t.due_at < now())) AS overdue
           FROM mine t
           LEFT JOIN cases c ON c.case_id = t.case_id
          WHERE NOT ${withheldFrom('$1')}
       )
       SELECT t.task_id, t.case_id, t.workflow_id, t.stage, t.kind, t.title, t.assignee_id, t.concerns_person_id,
              t.inbox_reason,
              t.allowed_outcomes, t.version, t.created_at, t.due_at, t.due_provisional, t.warning_level,
              t.escalation_level, t.suspended, t.overdue,
              to_char(t.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS due_key
         FROM listed t
        ${after}
        ORDER BY t.overdue DESC, t.due_at ASC, t.task_id ASC
        LIMIT $2`,
      params,
    );
    const items = rows.slice(0, page.limit).map(toInboxTask);
    const last = rows.length > page.limit ? rows[page.limit - 1] : undefined;
    return {
      items,
      nextCursor: last ? encodeKeysetCursor([last.overdue ? 1 : 0, last.due_key, last.task_id]) : null,
    };
  }
}

function toInboxTask(r: Row): InboxTaskRow {
  return {
    taskId: r.task_id,
    caseId: r.case_id,
    workflowId: r.workflow_id,
    stage: r.stage,
    kind: r.kind,
    title: r.title,
    assigneeId: r.assignee_id,
    concernsPersonId: r.concerns_person_id,
    inboxReason: r.inbox_reason,
    allowedOutcomes: r.allowed_outcomes,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    dueAt: r.due_at.toISOString(),
    dueProvisional: r.due_provisional,
    warningLevel: r.warning_level,
    escalationLevel: r.escalation_level,
    suspended: r.suspended,
    overdue: r.overdue,
  };
}
