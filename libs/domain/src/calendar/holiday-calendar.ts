import {
  addMonthsToDay,
  assertInstant,
  assertInteger,
  dayOfInstant,
  endOfDay,
  isWeekendDay,
  requireLocalDate,
  yearOfDay,
  type LocalDate,
} from './shanghai-time';
import { yearScheduleProblems, type YearSchedule } from './year-schedule';

/**
 * A computed due date. `dueAtMs` is always the END of the due local day in Asia/Shanghai
 * (23:59:59.999 +08:00): a task due "on 10 October" may still be done late that evening.
 * `provisional` is true when the computation looked at a day in a year with no known schedule, so
 * plain weekdays stood in for working days; recompute once that year's notice is imported.
 */
export interface DueDate {
  readonly dueAtMs: number;
  readonly provisional: boolean;
}

export interface WorkingDayCount {
  readonly days: number;
  readonly provisional: boolean;
}

interface YearDays {
  readonly schedule: YearSchedule;
  readonly holidays: ReadonlySet<number>;
  readonly makeUpWorkdays: ReadonlySet<number>;
}

interface DayStatus {
  readonly working: boolean;
  readonly known: boolean;
}

/**
 * Working days in mainland China: Monday to Friday, minus the State Council's holidays, plus its
 * weekend make-up workdays (调休). Immutable; `withYear` returns a new calendar. Workflows receive the
 * schedules as data (`toSchedules()`) and rebuild the calendar with `fromSchedules`.
 */
export class HolidayCalendar {
  private readonly years: ReadonlyMap<number, YearDays>;

  private constructor(years: ReadonlyMap<number, YearDays>) {
    this.years = years;
    Object.freeze(this);
  }

  /** Throws a RangeError on an invalid schedule or a year given twice: callers validate imports first. */
  static fromSchedules(schedules: readonly YearSchedule[]): HolidayCalendar {
    const years = new Map<number, YearDays>();
    for (const schedule of schedules) {
      if (years.has(schedule.year)) throw new RangeError(`the schedule for ${schedule.year} is given twice`);
      years.set(schedule.year, toYearDays(schedule));
    }
    return new HolidayCalendar(years);
  }

  /** A calendar that also knows (or now knows differently) `schedule.year`; this one is unchanged. */
  withYear(schedule: YearSchedule): HolidayCalendar {
    const years = new Map(this.years);
    years.set(schedule.year, toYearDays(schedule));
    return new HolidayCalendar(years);
  }

  isKnownYear(year: number): boolean {
    return this.years.has(year);
  }

  knownYears(): number[] {
    return [...this.years.keys()].sort((a, b) => a - b);
  }

  toSchedules(): YearSchedule[] {
    return this.knownYears().map((year) => (this.years.get(year) as YearDays).schedule);
  }

  /** For a year with no known schedule, every weekday is a working day. */
  isWorkingDay(localDate: LocalDate): boolean {
    return this.statusOf(requireLocalDate(localDate)).working;
  }

  /**
   * The end of the `n`-th working day after the local day of `fromInstantMs` (that day itself is not
   * counted, as a period starts the day after the event). Negative `n` counts back before that day;
   * `n = 0` is the end of that day. Provisional if any day stepped over lies in an unknown year.
   */
  addWorkingDays(fromInstantMs: number, n: number): DueDate {
    assertInstant(fromInstantMs, 'fromInstantMs');
    assertInteger(n, 'n');
    const step = n >= 0 ? 1 : -1;
    let day = dayOfInstant(fromInstantMs);
    let remaining = Math.abs(n);
    let provisional = false;
    while (remaining > 0) {
      day += step;
      const status = this.statusOf(day);
      if (!status.known) provisional = true;
      if (status.working) remaining -= 1;
    }
    return { dueAtMs: endOfDay(day), provisional };
  }

  /**
   * Working days whose local date is after the day of `fromInstantMs` and up to the day of `toInstantMs`
   * inclusive: the inverse of `addWorkingDays`. Zero when `to` is not on a later day than `from`.
   */
  workingDaysBetween(fromInstantMs: number, toInstantMs: number): WorkingDayCount {
    assertInstant(fromInstantMs, 'fromInstantMs');
    assertInstant(toInstantMs, 'toInstantMs');
    const firstDay = dayOfInstant(fromInstantMs) + 1;
    const lastDay = dayOfInstant(toInstantMs);
    if (lastDay < firstDay) return { days: 0, provisional: false };
    // Weekdays by arithmetic, then each known year's exceptions in the span: the supervision views count
    // years-long idle spans for every listed case, where a walk day by day cost ~1,800 steps a case.
    let days = weekdaysBetween(firstDay, lastDay);
    let provisional = false;
    for (let y = yearOfDay(firstDay); y <= yearOfDay(lastDay); y += 1) {
      const year = this.years.get(y);
      if (year === undefined) {
        provisional = true;
        continue;
      }
      const inSpan = (day: number) => day >= firstDay && day <= lastDay;
      for (const day of year.holidays)
        if (inSpan(day) && !isWeekendDay(day) && !year.makeUpWorkdays.has(day)) days -= 1;
      for (const day of year.makeUpWorkdays) if (inSpan(day) && isWeekendDay(day)) days += 1;
    }
    return { days, provisional };
  }

  /** End of the local day `n` calendar days after the day of `fromInstantMs`; not rolled to a working day. */
  addCalendarDays(fromInstantMs: number, n: number): number {
    assertInstant(fromInstantMs, 'fromInstantMs');
    assertInteger(n, 'n');
    return endOfDay(dayOfInstant(fromInstantMs) + n);
  }

  /**
   * End of the same date `n` months after the day of `fromInstantMs`, or of that month's last day when it
   * has no such date (Jan 31 + 1 m → Feb 28/29). DOMAIN §7: a month period runs from the day after the
   * event to the same date. Not rolled to a working day.
   */
  addMonths(fromInstantMs: number, n: number): number {
    assertInstant(fromInstantMs, 'fromInstantMs');
    assertInteger(n, 'n');
    return endOfDay(addMonthsToDay(dayOfInstant(fromInstantMs), n));
  }

  /** End of the local day of `instantMs` if it is a working day, otherwise of the next working day. */
  rollToWorkingDay(instantMs: number): DueDate {
    assertInstant(instantMs, 'instantMs');
    let day = dayOfInstant(instantMs);
    let provisional = false;
    for (;;) {
      const status = this.statusOf(day);
      if (!status.known) provisional = true;
      if (status.working) return { dueAtMs: endOfDay(day), provisional };
      day += 1;
    }
  }

  private statusOf(day: number): DayStatus {
    const year = this.years.get(yearOfDay(day));
    if (year === undefined) return { working: !isWeekendDay(day), known: false };
    if (year.makeUpWorkdays.has(day)) return { working: true, known: true };
    if (year.holidays.has(day)) return { working: false, known: true };
    return { working: !isWeekendDay(day), known: true };
  }
}

/** Monday to Friday from `firstDay` to `lastDay` inclusive. */
function weekdaysBetween(firstDay: number, lastDay: number): number {
  const span = lastDay - firstDay + 1;
  let days = Math.floor(span / 7) * 5;
  for (let day = firstDay + span - (span % 7); day <= lastDay; day += 1) if (!isWeekendDay(day)) days += 1;
  return days;
}

function toYearDays(schedule: YearSchedule): YearDays {
  const problems = yearScheduleProblems(schedule);
  if (problems.length > 0) {
    throw new RangeError(
      `invalid schedule for ${schedule.year}: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    );
  }
  const frozen: YearSchedule = Object.freeze({
    year: schedule.year,
    holidays: Object.freeze([...schedule.holidays]),
    makeUpWorkdays: Object.freeze([...schedule.makeUpWorkdays]),
    source: schedule.source,
  });
  return {
    schedule: frozen,
    holidays: new Set(frozen.holidays.map(requireLocalDate)),
    makeUpWorkdays: new Set(frozen.makeUpWorkdays.map(requireLocalDate)),
  };
}
