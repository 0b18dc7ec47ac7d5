import { type DayRange, normalizeRanges, type OrgSnapshot, toDayNumber, toDayRange } from '../org';
import type { TraceBackInput, TraceBackProblem } from './trace-back-candidate';

/** What makes the input unusable against the snapshot: unknown unit or body, bad dates, bad options. */
export function checkInput(input: TraceBackInput, snapshot: OrgSnapshot): TraceBackProblem[] {
  const problems: TraceBackProblem[] = [];
  if (toDayNumber(snapshot.asOf) === null) {
    problems.push({
      code: 'INVALID_DATE',
      path: 'snapshot.asOf',
      message: `asOf "${snapshot.asOf}" is not a YYYY-MM-DD date`,
    });
  }
  if (!snapshot.units.some((unit) => unit.id === input.unitId)) {
    problems.push({ code: 'UNKNOWN_UNIT', path: 'unitId', message: `unit "${input.unitId}" is not in the snapshot` });
  }
  if (
    input.handlingCommissionBodyId !== undefined &&
    !snapshot.bodies.some((b) => b.id === input.handlingCommissionBodyId)
  ) {
    problems.push({
      code: 'UNKNOWN_BODY',
      path: 'handlingCommissionBodyId',
      message: `body "${input.handlingCommissionBodyId}" is not in the snapshot`,
    });
  }
  input.misconductIntervals.forEach((interval, index) => {
    const path = `misconductIntervals[${index}]`;
    if (toDayNumber(interval.from) === null || (interval.to !== null && toDayNumber(interval.to) === null)) {
      problems.push({ code: 'INVALID_DATE', path, message: 'dates must be YYYY-MM-DD calendar dates' });
    } else if (toDayRange(interval) === null) {
      problems.push({
        code: 'INVERTED_INTERVAL',
        path,
        message: `from ${interval.from} is after to ${String(interval.to)}`,
      });
    }
  });
  for (const name of ['minOverlapDays', 'tracebackLevels'] as const) {
    const value = input.options[name];
    if (!Number.isInteger(value) || value < 0) {
      problems.push({
        code: 'INVALID_OPTION',
        path: `options.${name}`,
        message: `${name} must be a non-negative integer`,
      });
    }
  }
  return problems;
}

/** Misconduct days up to `asOf`: the snapshot knows nothing about later days. */
export function misconductWindow(input: TraceBackInput, asOfDay: number): DayRange[] {
  return normalizeRanges(
    input.misconductIntervals.flatMap((interval) => {
      const range = toDayRange(interval);
      if (!range) return [];
      const end = Math.min(range.end, asOfDay);
      return range.start <= end ? [{ start: range.start, end }] : [];
    }),
  );
}
