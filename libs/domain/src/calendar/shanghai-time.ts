/**
 * Local dates in Asia/Shanghai, by fixed-offset arithmetic.
 *
 * Asia/Shanghai has been a fixed UTC+8 with no daylight saving since 1991, so a constant offset is exact
 * for every date this system handles, and it needs neither `Intl` time-zone data nor the host's zone
 * (a Temporal worker may run in any zone; workflow code must not depend on it).
 *
 * Internally a local date is an epoch day number: days since 1970-01-01 in Shanghai.
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A calendar date in Asia/Shanghai, formatted `YYYY-MM-DD`. */
export type LocalDate = string;

const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function assertInstant(instantMs: number, name: string): void {
  if (!Number.isFinite(instantMs))
    throw new RangeError(`${name} must be a finite epoch-millisecond number, got ${instantMs}`);
}

export function assertInteger(value: number, name: string): void {
  if (!Number.isInteger(value)) throw new RangeError(`${name} must be an integer, got ${value}`);
}

/** Epoch day number of the Shanghai local date containing the instant. */
export function dayOfInstant(instantMs: number): number {
  return Math.floor((instantMs + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** The last millisecond of the local day: 23:59:59.999 +08:00. */
export function endOfDay(day: number): number {
  return (day + 1) * DAY_MS - SHANGHAI_OFFSET_MS - 1;
}

/** Epoch day number of a valid `YYYY-MM-DD`, or `undefined` when the text is not a real date. */
export function parseLocalDate(localDate: string): number | undefined {
  const match = LOCAL_DATE_PATTERN.exec(localDate);
  if (!match) return undefined;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || date < 1 || date > daysInMonth(year, month)) return undefined;
  return Date.UTC(year, month - 1, date) / DAY_MS;
}

export function requireLocalDate(localDate: string): number {
  const day = parseLocalDate(localDate);
  if (day === undefined) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(localDate)}`);
  return day;
}

function formatDay(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function yearOfDay(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekendDay(day: number): boolean {
  const weekday = weekdayOfDay(day);
  return weekday === 0 || weekday === 6;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Same date `months` later, or that month's last day when it has no such date (Jan 31 + 1 → Feb 28/29).
 * This is the 对应日 rule of Civil Code art. 202 that DOMAIN §7 adopts for month periods.
 */
export function addMonthsToDay(day: number, months: number): number {
  const date = new Date(day * DAY_MS);
  const monthIndex = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  return Date.UTC(year, month - 1, Math.min(date.getUTCDate(), daysInMonth(year, month))) / DAY_MS;
}

/** The Shanghai local date (`YYYY-MM-DD`) containing an instant. */
export function shanghaiLocalDate(instantMs: number): LocalDate {
  assertInstant(instantMs, 'instantMs');
  return formatDay(dayOfInstant(instantMs));
}

/** The last millisecond (23:59:59.999 +08:00) of a Shanghai local date: the instant a due date denotes. */
export function endOfShanghaiDay(localDate: LocalDate): number {
  return endOfDay(requireLocalDate(localDate));
}
