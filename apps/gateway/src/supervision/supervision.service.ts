import { Inject, Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import {
  ProblemCode,
  type OverdueExportQuery,
  type OverdueList,
  type OverdueQuery,
  type OverdueTaskView,
  type StalledCaseView,
  type StalledExportQuery,
  type StalledList,
  type StalledQuery,
  type StatsQuery,
  type SupervisionStatsView,
} from '@shuangcha/contracts/http';
import { stallReasons, stallWaitingOn } from '@shuangcha/domain/deadline';
import { clockOf, DEFAULT_POLICY, policyByVersion, policyVersions } from '@shuangcha/domain/policy';
import { InvalidCursorError, SupervisionQueries } from '@shuangcha/persistence';
import type { Principal } from '../auth/principal';
import { ProblemException } from '../problem/problem.exception';
import { HolidayCalendarService } from './holiday-calendar.service';
import { approvalSince, idleSince } from './idle-since';

/** Rows one CSV export may carry; a supervisor narrowing by stage or unit gets the rest. */
export const EXPORT_MAX_ROWS = 10_000;
export const EXPORT_PAGE = 1_000;
const SHANGHAI_OFFSET = '+08:00';
const DAY_MS = 86_400_000;

export interface Export<T> {
  rows: T[];
  truncated: boolean;
}

function invalidCursor(): ProblemException {
  return new ProblemException(ProblemCode.ValidationFailed, 'the cursor is not one this API returned', {
    errors: [{ path: 'cursor', message: 'not a cursor returned by this list; start again without one' }],
  });
}

/**
 * A cursor this API never issued either fails to decode (InvalidCursorError) or decodes to values
 * PostgreSQL cannot compare (a number where a timestamp belongs: SQLSTATE class 22, data exception).
 * Both are the client's mistake, a 400, never a 500.
 */
export async function withCursor<T>(cursor: string | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof InvalidCursorError) throw invalidCursor();
    const sqlState = (error as QueryFailedError & { driverError?: { code?: string } }).driverError?.code;
    if (cursor && error instanceof QueryFailedError && sqlState?.startsWith('22')) throw invalidCursor();
    throw error;
  }
}

/**
 * The supervisors' views over the read model (issue 7 §5): always within the caller's jurisdictions,
 * metadata only, without the cases the caller is a target of or recused from (issue 16 §4). The stall bound is computed here because it needs the holiday calendar; the queries
 * (and their index-backed plans) are SupervisionQueries'.
 */
@Injectable()
export class SupervisionService {
  constructor(
    @Inject(SupervisionQueries) private readonly queries: SupervisionQueries,
    @Inject(HolidayCalendarService) private readonly calendars: HolidayCalendarService,
  ) {}

  /**
   * DOMAIN §7 stalled, each case on its own policy and clock (issue 12 §4): a compressed case compares its
   * case time with its case time. The query narrows by calendar days; the working days are counted here.
   */
  async stalled(principal: Principal, query: StalledQuery, now = new Date()): Promise<StalledList> {
    const calendar = await this.calendars.current();
    const idleWd = query.idleWd ?? DEFAULT_POLICY.stall.idleWd;
    const since = idleSince(calendar, now.getTime(), idleWd);
    const policies = policyVersions().map(policyByVersion);
    const page = await withCursor(query.cursor, () =>
      this.queries.stalledCases({
        jurisdictionIds: principal.jurisdictionIds,
        viewerId: principal.personId,
        now,
        idleSince: since,
        approvalSince: approvalSince(calendar, now.getTime(), policies),
        idleDays: Math.max(0, Math.min(...policies.map((p) => query.idleWd ?? p.stall.idleWd)) - 1),
        approvalDays: Math.min(...policies.map((p) => p.stall.approvalWd)),
        stage: query.stage,
        unitId: query.unit,
        minLevel: query.minLevel,
        limit: query.limit,
        cursor: query.cursor,
      }),
    );
    const items = page.items.flatMap((row): StalledCaseView[] => {
      const policy = policyByVersion(row.policyVersion);
      const rules = { ...policy, stall: { ...policy.stall, idleWd: query.idleWd ?? policy.stall.idleWd } };
      const lastActivityAtMs = Date.parse(row.lastActivityAt);
      const reasons = stallReasons(
        {
          lastActivityAtMs,
          pendingApprovalSinceMs: row.pendingApprovalSince === null ? null : Date.parse(row.pendingApprovalSince),
          overdue: row.overdue,
        },
        calendar,
        rules,
        row.caseNowMs,
      );
      if (reasons.length === 0) return [];
      const { caseNowMs: _now, waiting, pendingApprovalSince: _pending, ...view } = row;
      return [
        {
          ...view,
          idleWorkingDays: calendar.workingDaysBetween(lastActivityAtMs, row.caseNowMs).days,
          clock: clockOf(policy),
          reasons,
          waitingOn: waiting === null ? null : stallWaitingOn(waiting),
          waitingOnAssigneeId: waiting?.assigneeId ?? null,
          waitingSince: waiting?.since ?? null,
        },
      ];
    });
    return {
      idleSince: since.toISOString(),
      idleWd,
      items,
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  async overdue(principal: Principal, query: OverdueQuery, now = new Date()): Promise<OverdueList> {
    const page = await withCursor(query.cursor, () =>
      this.queries.overdueTasks({
        jurisdictionIds: principal.jurisdictionIds,
        viewerId: principal.personId,
        now,
        stage: query.stage,
        unitId: query.unit,
        minLevel: query.minLevel,
        limit: query.limit,
        cursor: query.cursor,
      }),
    );
    return { items: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  /** `from`/`to` are Shanghai local dates, both inclusive: [start of from, start of the day after to). */
  stats(principal: Principal, query: StatsQuery): Promise<SupervisionStatsView> {
    const from = new Date(`${query.from}T00:00:00${SHANGHAI_OFFSET}`);
    const to = new Date(new Date(`${query.to}T00:00:00${SHANGHAI_OFFSET}`).getTime() + DAY_MS);
    return this.queries.stats({ jurisdictionIds: principal.jurisdictionIds, viewerId: principal.personId, from, to });
  }

  exportStalled(principal: Principal, query: StalledExportQuery, now = new Date()): Promise<Export<StalledCaseView>> {
    return collect((cursor) => this.stalled(principal, { ...query, limit: EXPORT_PAGE, cursor }, now));
  }

  exportOverdue(principal: Principal, query: OverdueExportQuery, now = new Date()): Promise<Export<OverdueTaskView>> {
    return collect((cursor) => this.overdue(principal, { ...query, limit: EXPORT_PAGE, cursor }, now));
  }
}

/** Walks the keyset pages, so an export sees the same rows, in the same order, as paging the JSON list. */
export async function collect<T>(
  page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string }>,
): Promise<Export<T>> {
  const rows: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(cursor);
    rows.push(...next.items);
    cursor = next.nextCursor;
  } while (cursor && rows.length < EXPORT_MAX_ROWS);
  return { rows: rows.slice(0, EXPORT_MAX_ROWS), truncated: rows.length > EXPORT_MAX_ROWS || cursor !== undefined };
}
