/**
 * Local calendar dates ('YYYY-MM-DD', Asia/Shanghai) and inclusive date intervals.
 *
 * Pure integer arithmetic on day numbers: no `Date`, so the code behaves identically in the
 * Temporal workflow sandbox and on any host time zone.
 */

/** A local calendar date in Asia/Shanghai, formatted 'YYYY-MM-DD'. */
export type LocalDate = string;

/** Inclusive interval [from, to]; `to: null` means the interval is still open. */
export interface Interval {
  readonly from: LocalDate;
  readonly to: LocalDate | null;
}

/** Inclusive range of day numbers; `end` is `Infinity` for an open range. */
export interface DayRange {
  readonly start: number;
  readonly end: number;
}

const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Day number of a valid 'YYYY-MM-DD' date, or `null` when the text is not a real calendar date. */
export function toDayNumber(date: string): number | null {
  const match = LOCAL_DATE_PATTERN.exec(date);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return daysFromCivil(year, month, day);
}

/** Inverse of {@link toDayNumber}. */
export function fromDayNumber(dayNumber: number): LocalDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Day range of an interval, or `null` when a date is malformed or `from` is after `to`. */
export function toDayRange(interval: Interval): DayRange | null {
  const start = toDayNumber(interval.from);
  const end = interval.to === null ? Number.POSITIVE_INFINITY : toDayNumber(interval.to);
  if (start === null || end === null || start > end) return null;
  return { start, end };
}

export function fromDayRange(range: DayRange): Interval {
  return { from: fromDayNumber(range.start), to: Number.isFinite(range.end) ? fromDayNumber(range.end) : null };
}

/** Sorted, non-overlapping, non-adjacent ranges covering exactly the same days. */
export function normalizeRanges(ranges: readonly DayRange[]): DayRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: DayRange[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end + 1) {
      merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, range.end) };
    } else {
      merged.push(range);
    }
  }
  return merged;
}

/** Intersection of two sets of ranges; the result is normalized. */
export function intersectRanges(a: readonly DayRange[], b: readonly DayRange[]): DayRange[] {
  const left = normalizeRanges(a);
  const right = normalizeRanges(b);
  const result: DayRange[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const start = Math.max(left[i].start, right[j].start);
    const end = Math.min(left[i].end, right[j].end);
    if (start <= end) result.push({ start, end });
    if (left[i].end < right[j].end) i += 1;
    else j += 1;
  }
  return result;
}

/** Number of days covered; `Infinity` if any range is open. */
export function countDays(ranges: readonly DayRange[]): number {
  return normalizeRanges(ranges).reduce((total, range) => total + (range.end - range.start + 1), 0);
}

/**
 * Days shared by two inclusive intervals: 0 when they are disjoint or either is malformed,
 * `Infinity` when both are open-ended.
 */
export function overlapDays(a: Interval, b: Interval): number {
  const left = toDayRange(a);
  const right = toDayRange(b);
  if (!left || !right) return 0;
  return countDays(intersectRanges([left], [right]));
}
