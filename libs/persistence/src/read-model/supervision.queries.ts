import type { DataSource } from 'typeorm';
import { policyByVersion, policyVersions } from '@shuangcha/domain/policy';
import { caseNotHiddenFrom } from './need-to-know';

/**
 * The supervisors' views (case-management office): metadata only, never case content, always restricted
 * to the jurisdictions the caller supervises and never showing the caller a case they are a target of or
 * recused from (DOMAIN §5, §8). Each list pages by a keyset cursor so a page costs the same at row 10 and
 * at row 100,000, and each query is range scans of the indexes of AddSupervisionIndexes, AddCaseStallColumns
 * and AddSupervisionStatsScope, so it stays fast at a million cases.
 */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface StalledCase {
  caseId: string;
  caseNo: string;
  unitId: string;
  jurisdictionId: string;
  stage: string;
  deadlineAt: string | null;
  overdue: boolean;
  escalationLevel: number;
  lastActivityAt: string;
  policyVersion: string;
  /** The case's own clock at the query's instant. */
  caseNowMs: number;
  /** The open task due first: what the case waits on. */
  waiting: {
    kind: string;
    suspended: boolean;
    stage: string;
    candidateRole: string;
    assigneeId: string;
    since: string;
  } | null;
  /** When the oldest open approval (or vote, or extension or suspension approval) was opened. */
  pendingApprovalSince: string | null;
}

export interface OverdueTask {
  taskId: string;
  caseId: string;
  caseNo: string;
  unitId: string;
  stage: string;
  assigneeId: string;
  dueAt: string;
  escalationLevel: number;
  daysOverdue: number;
}

export interface SupervisionStats {
  from: string;
  to: string;
  casesPerStage: { stage: string; count: number }[];
  stageDurations: { stage: string; count: number; medianHours: number; p90Hours: number }[];
  overdueRate: { decided: number; decidedLate: number; rate: number };
  escalationsByUnit: { unitId: string; escalations: number }[];
  escalationsByLevel: { level: number; escalations: number }[];
  overdueRateByUnit: { month: string; unitId: string; decided: number; decidedLate: number; rate: number }[];
}

export interface ScopeFilter {
  jurisdictionIds: string[];
  /** The caller: cases about them or that they are recused from are left out. */
  viewerId: string;
  stage?: string;
  unitId?: string;
  /** At least this escalation level (0 reminder … 4 higher commission's case management). */
  minLevel?: number;
  limit: number;
  cursor?: string | null;
}

export class InvalidCursorError extends Error {}

export function encodeKeysetCursor(parts: (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeKeysetCursor(cursor: string | null | undefined, arity: number): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(parts) &&
      parts.length === arity &&
      parts.every((p) => typeof p === 'string' || typeof p === 'number')
    ) {
      return parts as (string | number)[];
    }
  } catch {
    // fall through: a cursor the client made up is a client error, not a server one
  }
  throw new InvalidCursorError('the cursor is not one this API issued');
}

/**
 * The case's own clock at the wall-clock instant $2 (`caseTimeMs` in libs/domain): it opened at the
 * workflow's start, when case time and wall time coincide. A version this gateway does not know counts as
 * real time rather than hiding the case.
 */
const CASE_NOW = `(c.opened_at + ($2::timestamptz - c.opened_at) / COALESCE(p.time_scale, 1))`;

/** Each case's policy clock ($5 versions, $6 their time scales), for `CASE_NOW`. */
const POLICY_CLOCKS = `LEFT JOIN unnest($5::text[], $6::float8[]) AS p(version, time_scale) ON p.version = c.policy_version`;

/**
 * The parameters every paged view starts with: $1 jurisdictions, $2 now, $3 page size plus one (to see
 * whether there is more), $4 the viewer, $5 and $6 the policy clocks.
 */
function pagedViewParams(filter: ScopeFilter & { now: Date }): unknown[] {
  const versions = policyVersions();
  return [
    filter.jurisdictionIds,
    filter.now,
    filter.limit + 1,
    filter.viewerId,
    versions,
    versions.map((v) => policyByVersion(v).timeScale),
  ];
}

/**
 * Not one of the cases hidden from the viewer $4 (a target of it or recused from it, `caseNotHiddenFrom`):
 * those few are found through `ix_cases_hidden_from` and subtracted, so a statistic never joins the cases.
 */
const NOT_HIDDEN_FROM_VIEWER = (alias: string) =>
  `${alias}.case_id NOT IN (SELECT h.case_id FROM cases h WHERE (h.target_ids || h.recused_ids) @> ARRAY[$4]::text[])`;

/** Tasks decided in the window [$2, $3) of cases in the jurisdictions $1 not hidden from the viewer $4. */
const DECIDED_IN_WINDOW = `FROM case_tasks t
  WHERE t.decided_at IS NOT NULL AND t.decided_at >= $2 AND t.decided_at < $3 AND t.jurisdiction_id = ANY($1)
    AND ${NOT_HIDDEN_FROM_VIEWER('t')}`;

/** Escalations sent in the window [$2, $3) on cases in the jurisdictions $1 not hidden from the viewer $4. */
const ESCALATED_IN_WINDOW = `FROM case_notifications n
  WHERE n.kind = 'escalation' AND n.at >= $2 AND n.at < $3 AND n.jurisdiction_id = ANY($1)
    AND ${NOT_HIDDEN_FROM_VIEWER('n')}`;

const DAY_MS = 86_400_000;

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

export class SupervisionQueries {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Candidates for the stalled list (DOMAIN §7), oldest activity first. A real-time case is a candidate when
   * it is overdue, its oldest open approval was opened before `approvalSince`, or its last activity was
   * before `idleSince` (both cutoffs the caller counts in working days on the holiday calendar). A
   * compressed case compares on its own clock: an approval open longer than `approvalDays` or no activity
   * for `idleDays` calendar days of case time, which bound working days from above, so the caller only
   * ever narrows. Per jurisdiction, two index range scans each stop after a page: the idle cases of
   * `ix_cases_open_jurisdiction_last_activity` and the few flagged ones of `ix_cases_open_stall_flagged`.
   */
  async stalledCases(
    filter: ScopeFilter & {
      now: Date;
      idleSince: Date;
      /** Without one, `approvalDays` calendar days before now: a looser bound, which the caller narrows. */
      approvalSince?: Date;
      idleDays: number;
      approvalDays: number;
    },
  ): Promise<Page<StalledCase>> {
    const cursor = decodeKeysetCursor(filter.cursor, 2);
    const params: unknown[] = [
      filter.jurisdictionIds,
      filter.now,
      filter.limit + 1,
      filter.viewerId,
      filter.idleSince,
      filter.approvalSince ?? new Date(filter.now.getTime() - filter.approvalDays * DAY_MS),
      filter.idleDays,
      filter.approvalDays,
    ];
    const caseNow = `(c.opened_at + ($2::timestamptz - c.opened_at) / c.time_scale)`;
    const common = [`c.status = 'OPEN'`, `c.jurisdiction_id = j.id`, caseNotHiddenFrom('c', '$4')];
    if (filter.stage) common.push(`c.stage = $${params.push(filter.stage)}`);
    if (filter.unitId) common.push(`c.unit_id = $${params.push(filter.unitId)}`);
    if (filter.minLevel !== undefined) common.push(`c.escalation_level >= $${params.push(filter.minLevel)}`);
    if (cursor)
      common.push(
        `(c.last_activity_at, c.case_id) > ($${params.push(cursor[0])}::timestamptz, $${params.push(cursor[1])})`,
      );
    const branch = (where: string[]) =>
      `(SELECT c.case_id, c.last_activity_at FROM cases c
         WHERE ${[...common, ...where].join(' AND ')}
         ORDER BY c.last_activity_at, c.case_id LIMIT $3)`;
    const idle = branch([`c.last_activity_at < $5`, `c.time_scale = 1`]);
    const flagged = branch([
      `(c.overdue OR c.approval_pending_since IS NOT NULL OR c.time_scale <> 1)`,
      `(c.overdue
        OR (c.time_scale = 1 AND c.approval_pending_since < $6)
        OR (c.time_scale <> 1 AND (c.approval_pending_since < ${caseNow} - make_interval(days => $8)
                                    OR c.last_activity_at < ${caseNow} - make_interval(days => $7))))`,
    ]);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `WITH page AS (
         SELECT k.case_id FROM (SELECT DISTINCT unnest($1::text[]) AS id) j
          CROSS JOIN LATERAL (${idle} UNION ${flagged}) k
          ORDER BY k.last_activity_at, k.case_id LIMIT $3)
       SELECT c.case_id, c.case_no, c.unit_id, c.jurisdiction_id, c.stage, c.deadline_at, c.overdue,
              c.escalation_level, c.last_activity_at, c.policy_version, ${caseNow} AS case_now,
              w.kind AS w_kind, w.suspended AS w_suspended, w.stage AS w_stage, w.candidate_role AS w_role,
              w.assignee_id AS w_assignee, w.created_at AS w_since, c.approval_pending_since AS approval_since
         FROM page JOIN cases c ON c.case_id = page.case_id
         LEFT JOIN LATERAL (
           SELECT t.kind, t.suspended, t.stage, t.candidate_role, t.assignee_id, t.created_at
             FROM case_tasks t WHERE t.case_id = c.case_id AND t.status = 'OPEN'
            ORDER BY t.due_at, t.task_id LIMIT 1) w ON true
        ORDER BY c.last_activity_at, c.case_id`,
      params,
    );
    const items = rows.slice(0, filter.limit).map((r): StalledCase => ({
      caseId: String(r.case_id),
      caseNo: String(r.case_no),
      unitId: String(r.unit_id),
      jurisdictionId: String(r.jurisdiction_id),
      stage: String(r.stage),
      deadlineAt: iso(r.deadline_at as Date | null),
      overdue: Boolean(r.overdue),
      escalationLevel: Number(r.escalation_level),
      lastActivityAt: iso(r.last_activity_at as Date) ?? '',
      policyVersion: String(r.policy_version),
      caseNowMs: new Date(r.case_now as Date).getTime(),
      waiting:
        r.w_kind === null
          ? null
          : {
              kind: String(r.w_kind),
              suspended: Boolean(r.w_suspended),
              stage: String(r.w_stage),
              candidateRole: String(r.w_role),
              assigneeId: String(r.w_assignee),
              since: iso(r.w_since as Date) ?? '',
            },
      pendingApprovalSince: iso(r.approval_since as Date | null),
    }));
    const last = items.at(-1);
    return {
      items,
      nextCursor: rows.length > filter.limit && last ? encodeKeysetCursor([last.lastActivityAt, last.caseId]) : null,
    };
  }

  /**
   * Open tasks past due, by due date, with how far escalation has gone. A due date is in case time: under a
   * compressed policy the case's calendar runs 1 / timeScale times faster than the wall clock from the
   * instant it opened (`caseTimeMs`), so "now" is taken on each case's own clock. A task the workflow
   * already marked overdue (its escalation at T) is listed whatever the gateway's clock says; a suspended
   * clock has no due date running, as in the inbox.
   */
  async overdueTasks(filter: ScopeFilter & { now: Date }): Promise<Page<OverdueTask>> {
    const cursor = decodeKeysetCursor(filter.cursor, 2);
    const params = pagedViewParams(filter);
    const where = [
      `t.status = 'OPEN'`,
      `(t.warning_level = 'overdue' OR (NOT t.suspended AND t.due_at < ${CASE_NOW}))`,
      `c.jurisdiction_id = ANY($1)`,
      caseNotHiddenFrom('c', '$4'),
    ];
    if (filter.stage) where.push(`t.stage = $${params.push(filter.stage)}`);
    if (filter.unitId) where.push(`c.unit_id = $${params.push(filter.unitId)}`);
    if (filter.minLevel !== undefined) where.push(`t.escalation_level >= $${params.push(filter.minLevel)}`);
    if (cursor)
      where.push(`(t.due_at, t.task_id) > ($${params.push(cursor[0])}::timestamptz, $${params.push(cursor[1])})`);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT t.task_id, t.case_id, c.case_no, c.unit_id, t.stage, t.assignee_id, t.due_at, t.escalation_level,
              GREATEST(0, floor(extract(epoch FROM ${CASE_NOW} - t.due_at) / 86400))::int AS days_overdue
         FROM case_tasks t JOIN cases c ON c.case_id = t.case_id
         ${POLICY_CLOCKS}
        WHERE ${where.join(' AND ')}
        ORDER BY t.due_at, t.task_id LIMIT $3`,
      params,
    );
    const items = rows.slice(0, filter.limit).map((r) => ({
      taskId: String(r.task_id),
      caseId: String(r.case_id),
      caseNo: String(r.case_no),
      unitId: String(r.unit_id),
      stage: String(r.stage),
      assigneeId: String(r.assignee_id),
      dueAt: new Date(r.due_at as Date).toISOString(),
      escalationLevel: Number(r.escalation_level),
      daysOverdue: Number(r.days_overdue),
    }));
    const last = items.at(-1);
    return {
      items,
      nextCursor: rows.length > filter.limit && last ? encodeKeysetCursor([last.dueAt, last.taskId]) : null,
    };
  }

  /**
   * Cases per stage, stage durations (median, p90), overdue rate (overall and per unit and month) and
   * escalations by unit and by level over [from, to). Decision and due instants are both in case time.
   */
  async stats(filter: {
    jurisdictionIds: string[];
    viewerId: string;
    from: Date;
    to: Date;
  }): Promise<SupervisionStats> {
    const args = [filter.jurisdictionIds, filter.from, filter.to, filter.viewerId];
    const visible = caseNotHiddenFrom('c', '$4');
    const [perStage, durations, overdue, escalations, byLevel, byUnitMonth] = await Promise.all([
      this.dataSource.query(
        `SELECT stage, count(*)::int AS count FROM cases c
          WHERE jurisdiction_id = ANY($1) AND opened_at >= $2 AND opened_at < $3 AND ${visible}
          GROUP BY stage ORDER BY stage`,
        args,
      ) as Promise<{ stage: string; count: number }[]>,
      this.dataSource.query(
        `SELECT stage, count(*)::int AS count,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) AS median,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY hours) AS p90
           FROM (SELECT t.case_id, t.stage, extract(epoch FROM max(t.decided_at) - min(t.created_at)) / 3600 AS hours
                   ${DECIDED_IN_WINDOW}
                  GROUP BY t.case_id, t.stage) per_case
          GROUP BY stage ORDER BY stage`,
        args,
      ) as Promise<{ stage: string; count: number; median: number; p90: number }[]>,
      this.dataSource.query(
        `SELECT count(*)::int AS decided, count(*) FILTER (WHERE t.decided_at > t.due_at)::int AS late
           ${DECIDED_IN_WINDOW}`,
        args,
      ) as Promise<{ decided: number; late: number }[]>,
      this.dataSource.query(
        `SELECT n.unit_id, count(*)::int AS escalations
           ${ESCALATED_IN_WINDOW}
          GROUP BY n.unit_id ORDER BY escalations DESC, n.unit_id`,
        args,
      ) as Promise<{ unit_id: string; escalations: number }[]>,
      this.dataSource.query(
        `SELECT n.level, count(*)::int AS escalations
           ${ESCALATED_IN_WINDOW}
          GROUP BY n.level ORDER BY n.level`,
        args,
      ) as Promise<{ level: number; escalations: number }[]>,
      this.dataSource.query(
        `SELECT to_char(t.decided_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, t.unit_id,
                count(*)::int AS decided, count(*) FILTER (WHERE t.decided_at > t.due_at)::int AS late
           ${DECIDED_IN_WINDOW}
          GROUP BY month, t.unit_id ORDER BY month, t.unit_id`,
        args,
      ) as Promise<{ month: string; unit_id: string; decided: number; late: number }[]>,
    ]);
    const decided = overdue[0]?.decided ?? 0;
    const late = overdue[0]?.late ?? 0;
    return {
      from: filter.from.toISOString(),
      to: filter.to.toISOString(),
      casesPerStage: perStage,
      stageDurations: durations.map((d) => ({
        stage: d.stage,
        count: d.count,
        medianHours: Math.round(Number(d.median) * 100) / 100,
        p90Hours: Math.round(Number(d.p90) * 100) / 100,
      })),
      overdueRate: { decided, decidedLate: late, rate: decided === 0 ? 0 : late / decided },
      escalationsByUnit: escalations.map((e) => ({ unitId: e.unit_id, escalations: e.escalations })),
      escalationsByLevel: byLevel.map((e) => ({ level: Number(e.level), escalations: e.escalations })),
      overdueRateByUnit: byUnitMonth.map((r) => ({
        month: r.month,
        unitId: r.unit_id,
        decided: r.decided,
        decidedLate: r.late,
        rate: r.late / r.decided,
      })),
    };
  }
}
