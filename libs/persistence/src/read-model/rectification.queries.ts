import type { DataSource } from 'typeorm';
import type { RectificationItemSummary, RectificationListView, RectificationSource } from '@shuangcha/contracts';
import type { RectificationItemState } from '@shuangcha/domain/rectification';
import { completionRate } from '@shuangcha/domain/rectification';
import { caseNotHiddenFrom } from './need-to-know';
import { InvalidCursorError, type Page } from './supervision.queries';

/**
 * Read side of 整改 for the gateway. Days overdue follow `daysOverdue` in libs/domain (a started day
 * counts; a submitted item keeps the days it had at submission; a signed-off one has none) and are
 * counted in each list's case time, so lists under a compressed policy read right too.
 *
 * An item's row is the item's own summary, placed in its list's time.
 */
export type RectificationItemRow = Omit<RectificationItemSummary, 'accountabilitySuggested' | 'version'> & {
  listId: string;
  overdue: boolean;
  daysOverdue: number;
};

export interface RectificationListSummary extends Omit<RectificationListView, 'recheck' | 'items'> {
  items: (RectificationItemRow & { problem: string; measure: string })[];
}

export interface RectificationSupervisionView {
  overdue: Page<RectificationItemRow>;
  reopened: RectificationItemRow[];
  completionByUnit: { unitId: string; total: number; signedOff: number; completionRate: number }[];
}

export interface RectificationSupervisionFilter {
  unitId?: string;
  /** Only lists supervised by these bodies (the caller's line); all when absent. */
  supervisingBodyIds?: string[];
  /**
   * Only items the caller reaches: lists supervised by one of these ids, or items of a unit among them (a
   * resident discipline group supervises departments, not the list's body). All when absent.
   */
  jurisdictionIds?: string[];
  /**
   * The caller: items of lists that come from a case they are a target of or recused from are left out
   * (DOMAIN §5, §8). Nobody is left out when absent.
   */
  viewerId?: string;
  cursor?: string | null;
  limit: number;
  /** Wall-clock instant to count from; the database clock when absent. */
  now?: Date;
}

/** Case time of the list: its epoch plus the elapsed wall time stretched by 1 / time_scale. */
const VIRTUAL_NOW = `(l.clock_epoch_at + ($1::timestamptz - l.clock_epoch_at) / l.time_scale)`;
const AS_OF = `CASE WHEN i.state = 'SUBMITTED' THEN i.submitted_at WHEN i.state = 'VERIFIED_CLOSED' THEN NULL ELSE ${VIRTUAL_NOW} END`;
const DAYS_OVERDUE = `COALESCE(GREATEST(0, CEIL(EXTRACT(EPOCH FROM ((${AS_OF}) - i.due_at)) / 86400)), 0)::int`;
const ITEM_COLUMNS = `i.list_id, i.item_key, i.workflow_id, i.responsible_person_id, i.responsible_unit_id, i.state, i.due_at,
  i.submitted_at, i.signed_off_at, i.reopen_count, i.flagged_to_supervisors, i.escalation_level, ${DAYS_OVERDUE} AS days_overdue`;

interface ItemSqlRow {
  list_id: string;
  item_key: string;
  workflow_id: string;
  responsible_person_id: string;
  responsible_unit_id: string;
  state: RectificationItemState;
  due_at: Date;
  submitted_at: Date | null;
  signed_off_at: Date | null;
  reopen_count: number;
  flagged_to_supervisors: boolean;
  escalation_level: number;
  days_overdue: number;
}

const isoOrNull = (d: Date | null) => (d === null ? null : new Date(d).toISOString());
function toRow(r: ItemSqlRow): RectificationItemRow {
  return {
    listId: r.list_id,
    itemKey: r.item_key,
    workflowId: r.workflow_id,
    responsiblePersonId: r.responsible_person_id,
    responsibleUnitId: r.responsible_unit_id,
    state: r.state,
    dueAt: new Date(r.due_at).toISOString(),
    submittedAt: isoOrNull(r.submitted_at),
    signedOffAt: isoOrNull(r.signed_off_at),
    reopenCount: r.reopen_count,
    flaggedToSupervisors: r.flagged_to_supervisors,
    escalationLevel: r.escalation_level,
    overdue: r.days_overdue > 0,
    daysOverdue: r.days_overdue,
  };
}

function encodeCursor(parts: string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}
function decodeCursor(cursor: string | null | undefined): [string, string, string] | null {
  if (!cursor) return null;
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(parts) &&
      parts.length === 3 &&
      parts.every((p) => typeof p === 'string') &&
      !Number.isNaN(Date.parse(parts[0] as string))
    ) {
      return parts as [string, string, string];
    }
  } catch {
    // a cursor the client made up is a client error, not a server one
  }
  throw new InvalidCursorError('the cursor is not one this API issued');
}

export class RectificationQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** One list with its completion rate and every item's state and days overdue; null when unknown. */
  async listSummary(listId: string, now?: Date): Promise<RectificationListSummary | null> {
    const lists: {
      list_id: string;
      list_no: string;
      source: RectificationSource;
      source_case_id: string | null;
      supervising_body_id: string;
      status: 'OPEN' | 'COMPLETED';
      opened_at: Date;
      completed_at: Date | null;
    }[] = await this.dataSource.query(
      `SELECT list_id, list_no, source, source_case_id, supervising_body_id, status, opened_at, completed_at
         FROM rectification_lists WHERE list_id = $1`,
      [listId],
    );
    const list = lists[0];
    if (!list) return null;
    const items: (ItemSqlRow & { problem: string; measure: string })[] = await this.dataSource.query(
      `SELECT ${ITEM_COLUMNS}, i.problem, i.measure
         FROM rectification_items i JOIN rectification_lists l ON l.list_id = i.list_id
        WHERE i.list_id = $2
        ORDER BY i.item_key`,
      [now ?? new Date(), listId],
    );
    const signedOff = items.filter((i) => i.state === 'VERIFIED_CLOSED').length;
    return {
      listId: list.list_id,
      listNo: list.list_no,
      source: list.source,
      sourceCaseId: list.source_case_id,
      supervisingBodyId: list.supervising_body_id,
      status: list.status,
      openedAt: new Date(list.opened_at).toISOString(),
      completedAt: isoOrNull(list.completed_at),
      completion: {
        total: items.length,
        signedOff,
        completionRate: completionRate(signedOff, items.length),
        complete: items.length > 0 && signedOff === items.length,
      },
      items: items.map((r) => ({ ...toRow(r), problem: r.problem, measure: r.measure })),
    };
  }

  /**
   * The supervision view (督办): overdue items (earliest due first, keyset-paged on (due_at, list, item)
   * over ix_rectification_items_state_due_at), the most reopened items (ix_rectification_items_reopen_count)
   * and completion by unit (ix_rectification_items_responsible_unit_id when a unit is given).
   */
  async supervisionRectification(filter: RectificationSupervisionFilter): Promise<RectificationSupervisionView> {
    const now = filter.now ?? new Date();
    const limit = Math.max(1, Math.min(filter.limit, 500));
    const after = decodeCursor(filter.cursor);
    const scope = `($2::text IS NULL OR i.responsible_unit_id = $2) AND ($3::text[] IS NULL OR l.supervising_body_id = ANY($3))
      AND ($4::text[] IS NULL OR l.supervising_body_id = ANY($4) OR i.responsible_unit_id = ANY($4))
      AND ($5::text IS NULL OR NOT EXISTS (SELECT 1 FROM cases c WHERE c.case_id = l.source_case_id
                                                 AND NOT ${caseNotHiddenFrom('c', '$5')}))`;
    const scopeParams = [
      filter.unitId ?? null,
      filter.supervisingBodyIds ?? null,
      filter.jurisdictionIds ?? null,
      filter.viewerId ?? null,
    ];

    const overdueRows: ItemSqlRow[] = await this.dataSource.query(
      `SELECT ${ITEM_COLUMNS}
         FROM rectification_items i JOIN rectification_lists l ON l.list_id = i.list_id
        WHERE i.state IN ('OPEN', 'IN_PROGRESS', 'REJECTED', 'SUBMITTED')
          AND ${scope}
          AND (${DAYS_OVERDUE}) > 0
          AND ($6::timestamptz IS NULL OR (i.due_at, i.list_id, i.item_key) > ($6::timestamptz, $7::text, $8::text))
        ORDER BY i.due_at, i.list_id, i.item_key
        LIMIT $9`,
      [now, ...scopeParams, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, limit + 1],
    );
    const page = overdueRows.slice(0, limit).map(toRow);
    const last = page.at(-1);
    const nextCursor =
      overdueRows.length > limit && last ? encodeCursor([last.dueAt, last.listId, last.itemKey]) : null;

    const reopenedRows: ItemSqlRow[] = await this.dataSource.query(
      `SELECT ${ITEM_COLUMNS}
         FROM rectification_items i JOIN rectification_lists l ON l.list_id = i.list_id
        WHERE i.reopen_count >= 1 AND ${scope}
        ORDER BY i.reopen_count DESC, i.list_id, i.item_key
        LIMIT $6`,
      [now, ...scopeParams, limit],
    );

    const units: { unit_id: string; total: number; signed_off: number }[] = await this.dataSource.query(
      `SELECT i.responsible_unit_id AS unit_id, count(*)::int AS total,
              (count(*) FILTER (WHERE i.state = 'VERIFIED_CLOSED'))::int AS signed_off
         FROM rectification_items i JOIN rectification_lists l ON l.list_id = i.list_id
        WHERE ${scope.replaceAll('$2', '$1').replaceAll('$3', '$2').replaceAll('$4', '$3').replaceAll('$5', '$4')}
        GROUP BY i.responsible_unit_id
        ORDER BY i.responsible_unit_id`,
      scopeParams,
    );
    return {
      overdue: { items: page, nextCursor },
      reopened: reopenedRows.map(toRow),
      completionByUnit: units.map((u) => ({
        unitId: u.unit_id,
        total: u.total,
        signedOff: u.signed_off,
        completionRate: completionRate(u.signed_off, u.total),
      })),
    };
  }
}
