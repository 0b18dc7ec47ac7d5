import type { Client as TemporalClient } from '@temporalio/client';
import type { Client as PgClient } from 'pg';
import {
  getCaseState,
  getInvestigationState,
  type CaseState,
  type InvestigationState,
} from '../../../libs/contracts/src';
import type { CaseDetail } from '../../../libs/contracts/src/http';
import { eventually } from './eventually';
import type { PersonClient } from './http-client';

export interface CaseRow {
  stage: string;
  status: string;
  overdue: boolean;
  escalation_level: number;
  deadline_at: Date | null;
  closed_at: Date | null;
}

export interface TaskRow {
  task_id: string;
  stage: string;
  kind: string;
  status: string;
  assignee_id: string;
  version: number;
  due_at: Date;
  escalation_level: number;
  warning_level: string;
}

/** One case as the API, the read model and the workflows' own queries each show it. */
export interface ThreeViews {
  http: CaseDetail;
  row: CaseRow;
  taskRows: TaskRow[];
  caseState: CaseState;
  investigation: InvestigationState | null;
}

export interface ViewSources {
  /** A participant with the full view of the case. */
  reader: PersonClient;
  db: PgClient;
  temporal: TemporalClient;
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export async function readThreeViews(sources: ViewSources, caseId: string): Promise<ThreeViews | undefined> {
  const [http, rows, taskRows, caseState] = await Promise.all([
    sources.reader.caseDetail(caseId),
    sources.db.query<CaseRow>(
      'SELECT stage, status, overdue, escalation_level, deadline_at, closed_at FROM cases WHERE case_id = $1',
      [caseId],
    ),
    sources.db.query<TaskRow>(
      `SELECT task_id, stage, kind, status, assignee_id, version, due_at, escalation_level, warning_level
         FROM case_tasks WHERE case_id = $1 ORDER BY task_id`,
      [caseId],
    ),
    sources.temporal.workflow.getHandle(caseId).query(getCaseState),
  ]);
  const row = rows.rows[0];
  if (!row) return undefined;
  const violation = caseState.children.find((c) => c.role === 'violation');
  const investigation = violation
    ? await sources.temporal.workflow.getHandle(violation.workflowId).query(getInvestigationState)
    : null;
  return { http, row, taskRows: taskRows.rows, caseState, investigation };
}

/** Every field on which the three views disagree, as readable lines; empty when they agree. */
export function disagreements(v: ThreeViews): string[] {
  const out: string[] = [];
  const same = (what: string, values: Record<string, unknown>) => {
    const shown = Object.entries(values).map(([k, x]) => `${k}=${JSON.stringify(x)}`);
    const distinct = new Set(Object.values(values).map((x) => JSON.stringify(x)));
    if (distinct.size > 1) out.push(`${what}: ${shown.join(' ')}`);
  };
  const c = v.http.case;
  same('case stage', { http: c.stage, readModel: v.row.stage, workflow: v.caseState.stage });
  same('case status', { http: c.status, readModel: v.row.status, workflow: v.caseState.status });
  same('case overdue', { http: c.overdue, readModel: v.row.overdue, workflow: v.caseState.overdue });
  same('case escalation level', {
    http: c.escalationLevel,
    readModel: v.row.escalation_level,
    workflow: v.caseState.escalationLevel,
  });
  same('case deadline', { http: c.deadlineAt, readModel: iso(v.row.deadline_at), workflow: v.caseState.deadlineAt });
  same('case closedAt', { http: c.closedAt, readModel: iso(v.row.closed_at), workflow: v.caseState.closedAt });
  same('timeline length', { http: v.http.timeline?.length, workflow: v.caseState.timeline.length });

  if (v.investigation) {
    const child = v.http.children.find((ch) => ch.role === 'violation');
    same('violation timeline entries on the case', {
      case: v.caseState.timeline.filter((e) => e.stage.startsWith('violation:')).length,
      investigation: v.investigation.timeline.length,
    });
    same('violation stage', { http: child?.stage, workflow: v.investigation.stage });
    if (v.caseState.status === 'OPEN' && !v.investigation.concluded) {
      // The case row is the parent's, fed by the child's progress signals: it must end up where the child is.
      same('case stage vs its violation investigation', {
        case: v.caseState.stage,
        investigation: v.investigation.stage,
      });
      same('case deadline vs its violation investigation', {
        case: v.caseState.deadlineAt,
        investigation: v.investigation.deadlineAt,
      });
      same('case escalation vs its violation investigation', {
        case: v.caseState.escalationLevel,
        investigation: v.investigation.escalationLevel,
      });
    }
    // Every task the workflow knows, decided ones included, against its read-model row.
    interface TaskView {
      taskId: string;
      stage: string;
      kind: string;
      status: string;
      assigneeId: string;
      version: number;
      dueAt: string;
      escalationLevel: number;
      warningLevel: string;
    }
    const fromWorkflow: TaskView[] = v.investigation.tasks
      .map((t) => ({
        taskId: t.taskId,
        stage: t.stage,
        kind: t.kind,
        status: t.status,
        assigneeId: t.assigneeId,
        version: t.version,
        dueAt: t.dueAt,
        escalationLevel: t.escalationLevel,
        warningLevel: t.warningLevel,
      }))
      .sort((a, b) => a.taskId.localeCompare(b.taskId));
    const fromReadModel: TaskView[] = v.taskRows.map((r) => ({
      taskId: r.task_id,
      stage: r.stage,
      kind: r.kind,
      status: r.status,
      assigneeId: r.assignee_id,
      version: r.version,
      dueAt: r.due_at.toISOString(),
      escalationLevel: r.escalation_level,
      warningLevel: r.warning_level,
    }));
    same('tasks', { readModel: fromReadModel, workflow: fromWorkflow });
    const openOf = (tasks: TaskView[]) =>
      tasks
        .filter((t) => t.status === 'OPEN')
        .map(({ taskId, assigneeId, version, dueAt, escalationLevel }) => ({
          taskId,
          assigneeId,
          version,
          dueAt,
          escalationLevel,
        }));
    const openHttp = (v.http.openTasks ?? [])
      .map(({ taskId, assigneeId, version, dueAt, escalationLevel }) => ({
        taskId,
        assigneeId,
        version,
        dueAt,
        escalationLevel,
      }))
      .sort((a, b) => a.taskId.localeCompare(b.taskId));
    same('open tasks', { http: openHttp, readModel: openOf(fromReadModel), workflow: openOf(fromWorkflow) });
  }
  return out;
}

/**
 * Polls until the API, the read model and the workflow queries agree on the case and `expected` holds
 * for the agreed state (the read model trails the workflow, so a step is judged once it has caught up).
 */
export async function agreedViews(
  sources: ViewSources,
  caseId: string,
  expected: (v: ThreeViews) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<ThreeViews> {
  let last = 'no read yet';
  return eventually(
    async () => {
      const views = await readThreeViews(sources, caseId);
      if (!views) {
        last = 'no cases row yet';
        return undefined;
      }
      const diff = disagreements(views);
      if (diff.length > 0) {
        last = diff.join('\n');
        return undefined;
      }
      if (!expected(views)) {
        last = `views agree but not yet on ${what}: case stage ${views.caseState.stage}, status ${views.caseState.status}, open tasks ${JSON.stringify(
          views.http.openTasks?.map((t) => [t.stage, t.kind, t.assigneeId]),
        )}`;
        return undefined;
      }
      return views;
    },
    `the API, the read model and the workflow to agree on ${caseId}: ${what}`,
    timeoutMs,
    () => last,
  );
}
