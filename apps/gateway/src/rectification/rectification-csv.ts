import type { RectificationSupervisionItem } from '@shuangcha/contracts/http';

/** Columns of the overdue-items export: the JSON items' fields, in a fixed order. */
export const RECTIFICATION_COLUMNS = [
  'listId',
  'itemKey',
  'responsibleUnitId',
  'responsiblePersonId',
  'state',
  'dueAt',
  'overdue',
  'daysOverdue',
  'escalationLevel',
  'reopenCount',
  'flaggedToSupervisors',
  'submittedAt',
  'signedOffAt',
] as const satisfies readonly (keyof RectificationSupervisionItem)[];
