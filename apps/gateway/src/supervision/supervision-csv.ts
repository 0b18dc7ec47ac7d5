import { stringify } from 'csv-stringify/sync';
import type { OverdueTaskView, StalledCaseView, SupervisionStatsView } from '@shuangcha/contracts/http';

export const STALLED_COLUMNS = [
  'caseId',
  'caseNo',
  'unitId',
  'jurisdictionId',
  'stage',
  'deadlineAt',
  'overdue',
  'escalationLevel',
  'lastActivityAt',
  'idleWorkingDays',
  'policyVersion',
  'clock',
  'reasons',
  'waitingOn',
  'waitingOnAssigneeId',
  'waitingSince',
] as const satisfies readonly (keyof StalledCaseView)[];

export const OVERDUE_COLUMNS = [
  'taskId',
  'caseId',
  'caseNo',
  'unitId',
  'stage',
  'assigneeId',
  'dueAt',
  'escalationLevel',
  'daysOverdue',
] as const satisfies readonly (keyof OverdueTaskView)[];

export const STATS_COLUMNS = ['metric', 'key', 'value'] as const;

// Spreadsheet formula injection (CWE-1236): a cell starting with one of these would be evaluated on open.
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  // A list (the stall reasons) stays one cell, separated by semicolons so spreadsheets do not split it.
  if (Array.isArray(value)) return value.map(cell).join(';');
  const text = typeof value === 'boolean' ? String(value) : String(value as string | number);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function toCsv<T extends object>(rows: T[], columns: readonly (keyof T & string)[]): string {
  return stringify(
    rows.map((row) => columns.map((column) => cell(row[column]))),
    { header: true, columns: [...columns], bom: false, record_delimiter: '\r\n' },
  );
}

/** The stats object as `metric,key,value` rows: one CSV shape for nested figures, lossless against the JSON. */
export function statsRows(stats: SupervisionStatsView): { metric: string; key: string; value: number | string }[] {
  return [
    { metric: 'range', key: 'from', value: stats.from },
    { metric: 'range', key: 'to', value: stats.to },
    ...stats.casesPerStage.map((s) => ({ metric: 'casesPerStage', key: s.stage, value: s.count })),
    ...stats.stageDurations.flatMap((d) => [
      { metric: 'stageDurationCount', key: d.stage, value: d.count },
      { metric: 'stageDurationMedianHours', key: d.stage, value: d.medianHours },
      { metric: 'stageDurationP90Hours', key: d.stage, value: d.p90Hours },
    ]),
    { metric: 'overdueRate', key: 'decided', value: stats.overdueRate.decided },
    { metric: 'overdueRate', key: 'decidedLate', value: stats.overdueRate.decidedLate },
    { metric: 'overdueRate', key: 'rate', value: stats.overdueRate.rate },
    ...stats.escalationsByUnit.map((e) => ({ metric: 'escalationsByUnit', key: e.unitId, value: e.escalations })),
    ...stats.escalationsByLevel.map((e) => ({
      metric: 'escalationsByLevel',
      key: String(e.level),
      value: e.escalations,
    })),
    ...stats.overdueRateByUnit.flatMap((r) => [
      { metric: 'overdueRateByUnitDecided', key: `${r.month} ${r.unitId}`, value: r.decided },
      { metric: 'overdueRateByUnitDecidedLate', key: `${r.month} ${r.unitId}`, value: r.decidedLate },
      { metric: 'overdueRateByUnitRate', key: `${r.month} ${r.unitId}`, value: r.rate },
    ]),
  ];
}
