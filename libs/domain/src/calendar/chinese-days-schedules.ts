import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import chineseDaysPackage from 'chinese-days/package.json';
import { assertInteger } from './shanghai-time';
import type { YearSchedule } from './year-schedule';

/**
 * The package's own data file rather than its functions: `isWorkday('2025-10-11')` and friends parse the
 * date as UTC midnight and then read it back in the host's zone, so a worker west of UTC gets the previous
 * day, and they fall back to `new Date()` when a date is omitted. The data is plain and deterministic.
 */
const data: { holidays: Record<string, string>; workdays: Record<string, string> } = chineseDaysData;

const SOURCE = `chinese-days@${chineseDaysPackage.version}`;

function datesByYear(dates: Record<string, string>): Map<number, string[]> {
  const byYear = new Map<number, string[]>();
  for (const date of Object.keys(dates).sort()) {
    const year = Number(date.slice(0, 4));
    byYear.set(year, [...(byYear.get(year) ?? []), date]);
  }
  return byYear;
}

const holidaysByYear = datesByYear(data.holidays);
const makeUpWorkdaysByYear = datesByYear(data.workdays);

/**
 * Schedules for the years in `[fromYear, toYear]` that chinese-days has published data for. A year it
 * does not know yields no schedule at all: the package's functions would treat such a year as plain
 * weekdays (it calls 2027-01-01 a working day), and only an unknown year makes our due dates provisional.
 */
export function chineseDaysSchedules(fromYear: number, toYear: number): YearSchedule[] {
  assertInteger(fromYear, 'fromYear');
  assertInteger(toYear, 'toYear');
  const schedules: YearSchedule[] = [];
  for (let year = fromYear; year <= toYear; year += 1) {
    const holidays = holidaysByYear.get(year);
    const makeUpWorkdays = makeUpWorkdaysByYear.get(year);
    if (holidays === undefined && makeUpWorkdays === undefined) continue;
    schedules.push({ year, holidays: holidays ?? [], makeUpWorkdays: makeUpWorkdays ?? [], source: SOURCE });
  }
  return schedules;
}
