import { isWeekendDay, parseLocalDate, yearOfDay, type LocalDate } from './shanghai-time';

/**
 * One year of the State Council holiday notice (国务院办公厅关于部分节假日安排的通知).
 * Dates are Shanghai local dates.
 */
export interface YearSchedule {
  readonly year: number;
  /** Days off: at least those that would otherwise be weekdays; listing every official holiday day is fine. */
  readonly holidays: readonly LocalDate[];
  /** 调休: weekend days that are working days. */
  readonly makeUpWorkdays: readonly LocalDate[];
  /** Where the schedule came from (notice number, package version), kept for the audit trail. */
  readonly source: string;
}

export type YearScheduleProblemCode =
  | 'NOT_AN_OBJECT'
  | 'INVALID_YEAR'
  | 'NOT_A_DATE_LIST'
  | 'INVALID_DATE'
  | 'DATE_OUTSIDE_YEAR'
  | 'DUPLICATE_DATE'
  | 'HOLIDAY_AND_MAKE_UP_WORKDAY'
  | 'MAKE_UP_WORKDAY_NOT_WEEKEND'
  | 'MISSING_SOURCE';

export interface YearScheduleProblem {
  readonly code: YearScheduleProblemCode;
  /** Field path, e.g. `holidays[3]`. */
  readonly path: string;
  readonly message: string;
}

export type ParseYearScheduleResult =
  | { readonly ok: true; readonly schedule: YearSchedule }
  | { readonly ok: false; readonly problems: readonly YearScheduleProblem[] };

const MIN_YEAR = 1000;
const MAX_YEAR = 9999;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates an imported year (an admin transcribing a new State Council notice) and reports every problem
 * at once, so one round trip fixes the whole file. Written without zod because it runs in workflow code
 * when a calendar is built, and the rules are about dates rather than shapes.
 */
export function parseYearSchedule(json: unknown): ParseYearScheduleResult {
  if (!isRecord(json)) {
    return { ok: false, problems: [{ code: 'NOT_AN_OBJECT', path: '', message: 'a year schedule must be an object' }] };
  }
  const problems: YearScheduleProblem[] = [];
  const { year, holidays, makeUpWorkdays, source } = json;
  const yearIsValid = typeof year === 'number' && Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR;
  if (!yearIsValid) {
    problems.push({
      code: 'INVALID_YEAR',
      path: 'year',
      message: `year must be a four-digit integer, got ${JSON.stringify(year)}`,
    });
  }
  if (typeof source !== 'string' || source.trim() === '') {
    problems.push({
      code: 'MISSING_SOURCE',
      path: 'source',
      message: 'source must name the notice the dates come from',
    });
  }

  const holidayDays = checkDateList('holidays', holidays, yearIsValid ? (year as number) : undefined, problems);
  const makeUpDays = checkDateList(
    'makeUpWorkdays',
    makeUpWorkdays,
    yearIsValid ? (year as number) : undefined,
    problems,
  );

  const holidaySet = new Set(holidayDays.map(([, day]) => day));
  for (const [index, day, text] of makeUpDays) {
    const path = `makeUpWorkdays[${index}]`;
    if (holidaySet.has(day)) {
      problems.push({
        code: 'HOLIDAY_AND_MAKE_UP_WORKDAY',
        path,
        message: `${text} is listed both as a holiday and as a make-up workday`,
      });
    }
    if (!isWeekendDay(day)) {
      problems.push({
        code: 'MAKE_UP_WORKDAY_NOT_WEEKEND',
        path,
        message: `${text} is a weekday, so it cannot be a make-up workday`,
      });
    }
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    schedule: {
      year: year as number,
      holidays: holidayDays.map(([, , text]) => text),
      makeUpWorkdays: makeUpDays.map(([, , text]) => text),
      source: (source as string).trim(),
    },
  };
}

/** Problems of an already typed schedule (same rules as `parseYearSchedule`). */
export function yearScheduleProblems(schedule: YearSchedule): readonly YearScheduleProblem[] {
  const result = parseYearSchedule(schedule);
  return result.ok ? [] : result.problems;
}

function checkDateList(
  field: 'holidays' | 'makeUpWorkdays',
  value: unknown,
  year: number | undefined,
  problems: YearScheduleProblem[],
): Array<[index: number, day: number, text: string]> {
  if (!Array.isArray(value)) {
    problems.push({ code: 'NOT_A_DATE_LIST', path: field, message: `${field} must be a list of YYYY-MM-DD dates` });
    return [];
  }
  const valid: Array<[number, number, string]> = [];
  const seen = new Set<number>();
  value.forEach((entry: unknown, index) => {
    const path = `${field}[${index}]`;
    const day = typeof entry === 'string' ? parseLocalDate(entry) : undefined;
    if (day === undefined) {
      problems.push({ code: 'INVALID_DATE', path, message: `${JSON.stringify(entry)} is not a real YYYY-MM-DD date` });
      return;
    }
    const text = entry as string;
    if (year !== undefined && yearOfDay(day) !== year) {
      problems.push({ code: 'DATE_OUTSIDE_YEAR', path, message: `${text} is not in ${year}` });
      return;
    }
    if (seen.has(day)) {
      problems.push({ code: 'DUPLICATE_DATE', path, message: `${text} appears more than once in ${field}` });
      return;
    }
    seen.add(day);
    valid.push([index, day, text]);
  });
  return valid;
}
