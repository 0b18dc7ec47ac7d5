import { completionRate } from './rectification-list';
import { daysOverdue, type RectificationItemState } from './rectification-item';

/** What supervisors see of one item: ids, dates and counters only (DOMAIN §8: metadata for supervisors). */
export interface SupervisedItem {
  readonly listId: string;
  readonly itemKey: string;
  readonly responsibleUnitId: string;
  readonly responsiblePersonId: string;
  readonly state: RectificationItemState;
  readonly dueAtMs: number;
  readonly submittedAtMs: number | null;
  readonly reopenCount: number;
  readonly flaggedToSupervisors: boolean;
}

export interface RectificationSupervision {
  /** Most overdue first. */
  readonly overdue: (SupervisedItem & { daysOverdue: number })[];
  /** Most reopened first; flagged items are those reopened `REOPEN_FLAG_THRESHOLD` times or more. */
  readonly reopened: SupervisedItem[];
  /** By unit id. */
  readonly completionByUnit: { unitId: string; total: number; signedOff: number; completionRate: number }[];
}

/**
 * The supervision view (督办) over many lists. The read model computes the same numbers in SQL; this is
 * the rule it must agree with.
 */
export function superviseRectification(items: readonly SupervisedItem[], nowMs: number): RectificationSupervision {
  const overdue = items
    .map((item) => ({
      ...item,
      daysOverdue: daysOverdue(
        {
          state: item.state,
          dueAtMs: item.dueAtMs,
          submission: item.submittedAtMs === null ? null : { atMs: item.submittedAtMs },
        },
        nowMs,
      ),
    }))
    .filter((item) => item.daysOverdue > 0)
    .sort((a, b) => b.daysOverdue - a.daysOverdue || a.dueAtMs - b.dueAtMs || key(a).localeCompare(key(b)));
  const reopened = items
    .filter((item) => item.reopenCount > 0)
    .sort((a, b) => b.reopenCount - a.reopenCount || key(a).localeCompare(key(b)));
  const byUnit = new Map<string, { total: number; signedOff: number }>();
  for (const item of items) {
    const unit = byUnit.get(item.responsibleUnitId) ?? { total: 0, signedOff: 0 };
    unit.total += 1;
    if (item.state === 'VERIFIED_CLOSED') unit.signedOff += 1;
    byUnit.set(item.responsibleUnitId, unit);
  }
  const completionByUnit = [...byUnit.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([unitId, u]) => ({
      unitId,
      total: u.total,
      signedOff: u.signedOff,
      completionRate: completionRate(u.signedOff, u.total),
    }));
  return { overdue, reopened, completionByUnit };
}

function key(item: SupervisedItem): string {
  return `${item.listId}/${item.itemKey}`;
}
