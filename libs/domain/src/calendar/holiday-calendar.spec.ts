import fc from 'fast-check';
import { chineseDaysSchedules } from './chinese-days-schedules';
import { HolidayCalendar } from './holiday-calendar';
import { endOfShanghaiDay, shanghaiLocalDate } from './shanghai-time';
import type { YearSchedule } from './year-schedule';

/** An instant given as Shanghai wall-clock time. */
const shanghai = (localDateTime: string): number => Date.parse(`${localDateTime}+08:00`);

const calendar2025to2026 = (): HolidayCalendar => HolidayCalendar.fromSchedules(chineseDaysSchedules(2025, 2026));

/** Fictional 2027 notice: New Year's Day off Fri 1 to Sun 3 Jan with no make-up day. Not the real notice. */
const fictional2027: YearSchedule = {
  year: 2027,
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
  makeUpWorkdays: [],
  source: 'test: fictional 2027 notice',
};

describe('HolidayCalendar', () => {
  describe('working days around National Day 2025', () => {
    it('treats the Oct 1–8 holiday as days off and the Sep 28 (Sun) and Oct 11 (Sat) make-up days as working days', () => {
      const calendar = calendar2025to2026();
      expect(calendar.isWorkingDay('2025-09-28')).toBe(true);
      expect(calendar.isWorkingDay('2025-10-11')).toBe(true);
      for (const day of ['01', '02', '03', '04', '05', '06', '07', '08']) {
        expect(calendar.isWorkingDay(`2025-10-${day}`)).toBe(false);
      }
      expect(calendar.isWorkingDay('2025-10-09')).toBe(true);
      expect(calendar.isWorkingDay('2025-10-12')).toBe(false);
    });

    it('counts the Sunday make-up workday and skips the holiday when adding 5 working days from Fri Sep 26', () => {
      // Sep 28 (make-up) 1, Sep 29 2, Sep 30 3, Oct 1–8 off, Oct 9 4, Oct 10 5.
      const due = calendar2025to2026().addWorkingDays(shanghai('2025-09-26T10:00'), 5);
      expect(due).toEqual({ dueAtMs: endOfShanghaiDay('2025-10-10'), provisional: false });
    });

    it('lands on the Saturday make-up workday Oct 11 when adding 6 working days from Fri Sep 26', () => {
      const due = calendar2025to2026().addWorkingDays(shanghai('2025-09-26T10:00'), 6);
      expect(shanghaiLocalDate(due.dueAtMs)).toBe('2025-10-11');
    });

    it('counts back over the holiday and the make-up day when n is negative', () => {
      const due = calendar2025to2026().addWorkingDays(endOfShanghaiDay('2025-10-10'), -5);
      expect(shanghaiLocalDate(due.dueAtMs)).toBe('2025-09-26');
    });
  });

  describe('due instants', () => {
    it('puts a due date at 23:59:59.999 Shanghai time of the due day', () => {
      const due = calendar2025to2026().addWorkingDays(shanghai('2025-03-03T09:00'), 1);
      expect(new Date(due.dueAtMs).toISOString()).toBe('2025-03-04T15:59:59.999Z');
    });

    it('uses the Shanghai date, not the UTC date, of an instant late in the UTC evening', () => {
      // 2025-03-03T17:30Z is already Tuesday 01:30 in Shanghai.
      const due = calendar2025to2026().addWorkingDays(Date.parse('2025-03-03T17:30:00Z'), 1);
      expect(shanghaiLocalDate(due.dueAtMs)).toBe('2025-03-05');
    });

    it('returns the end of the starting day when adding zero working days', () => {
      const due = calendar2025to2026().addWorkingDays(shanghai('2025-10-04T12:00'), 0);
      expect(due).toEqual({ dueAtMs: endOfShanghaiDay('2025-10-04'), provisional: false });
    });

    it('rejects a fractional number of working days', () => {
      expect(() => calendar2025to2026().addWorkingDays(shanghai('2025-03-03T09:00'), 1.5)).toThrow(RangeError);
    });
  });

  describe('years without a schedule', () => {
    it('flags a due date computed into 2027 as provisional and counts Fri 2027-01-01 as a weekday', () => {
      const calendar = calendar2025to2026();
      expect(calendar.isKnownYear(2027)).toBe(false);
      // Dec 29 1, Dec 30 2, Dec 31 3, Jan 1 (weekday guess) 4, Jan 4 5.
      const due = calendar.addWorkingDays(shanghai('2026-12-28T09:00'), 5);
      expect(due).toEqual({ dueAtMs: endOfShanghaiDay('2027-01-04'), provisional: true });
    });

    it('recomputes the same period as final and one day later once a 2027 schedule adding a holiday is imported', () => {
      const before = calendar2025to2026();
      const after = before.withYear(fictional2027);
      expect(after.isKnownYear(2027)).toBe(true);
      const due = after.addWorkingDays(shanghai('2026-12-28T09:00'), 5);
      expect(due).toEqual({ dueAtMs: endOfShanghaiDay('2027-01-05'), provisional: false });
    });

    it('leaves the original calendar unchanged when withYear imports a year', () => {
      const before = calendar2025to2026();
      before.withYear(fictional2027);
      expect(before.isKnownYear(2027)).toBe(false);
      expect(before.isWorkingDay('2027-01-01')).toBe(true);
      expect(Object.isFrozen(before)).toBe(true);
    });

    it('replaces a known year when withYear imports a corrected notice for it', () => {
      const corrected = { ...fictional2027, holidays: ['2027-01-01'], source: 'test: corrected' };
      const calendar = calendar2025to2026().withYear(fictional2027).withYear(corrected);
      expect(calendar.toSchedules().filter((s) => s.year === 2027)).toEqual([corrected]);
    });

    it('does not flag a due date as provisional when only the starting day is in an unknown year', () => {
      const calendar = HolidayCalendar.fromSchedules(chineseDaysSchedules(2026, 2026));
      const due = calendar.addWorkingDays(shanghai('2025-12-31T09:00'), 1);
      expect(due.provisional).toBe(false);
    });
  });

  describe('building', () => {
    it('refuses a year given twice', () => {
      expect(() => HolidayCalendar.fromSchedules([fictional2027, fictional2027])).toThrow(/2027 is given twice/);
    });

    it('refuses an invalid schedule and names the problem', () => {
      const bad = { ...fictional2027, makeUpWorkdays: ['2027-01-01'] };
      expect(() => HolidayCalendar.fromSchedules([bad])).toThrow(/both as a holiday and as a make-up workday/);
    });

    it('round-trips its schedules so a workflow can rebuild it from plain data', () => {
      const calendar = calendar2025to2026().withYear(fictional2027);
      const rebuilt = HolidayCalendar.fromSchedules(calendar.toSchedules());
      expect(rebuilt.knownYears()).toEqual([2025, 2026, 2027]);
      expect(rebuilt.isWorkingDay('2027-01-01')).toBe(false);
    });
  });

  describe('calendar-day and month periods', () => {
    it('ends a one-month period that starts on Jan 31 on Feb 28 in a common year', () => {
      const end = calendar2025to2026().addMonths(shanghai('2025-01-31T16:00'), 1);
      expect(shanghaiLocalDate(end)).toBe('2025-02-28');
    });

    it('ends a one-month period that starts on Jan 31 on Feb 29 in a leap year', () => {
      const end = HolidayCalendar.fromSchedules([]).addMonths(shanghai('2024-01-31T16:00'), 1);
      expect(shanghaiLocalDate(end)).toBe('2024-02-29');
    });

    it('ends a month period on the same date of the later month, crossing a year end', () => {
      const end = calendar2025to2026().addMonths(shanghai('2025-11-15T08:00'), 3);
      expect(end).toBe(endOfShanghaiDay('2026-02-15'));
    });

    it('does not count the starting day in a calendar-day period', () => {
      const end = calendar2025to2026().addCalendarDays(shanghai('2025-08-02T23:00'), 60);
      expect(shanghaiLocalDate(end)).toBe('2025-10-01');
    });
  });

  describe('rollToWorkingDay', () => {
    it('rolls a deadline landing on a National Day holiday to Oct 9', () => {
      const rolled = calendar2025to2026().rollToWorkingDay(endOfShanghaiDay('2025-10-04'));
      expect(rolled).toEqual({ dueAtMs: endOfShanghaiDay('2025-10-09'), provisional: false });
    });

    it('keeps a deadline that lands on a Saturday make-up workday', () => {
      const rolled = calendar2025to2026().rollToWorkingDay(shanghai('2025-10-11T08:00'));
      expect(rolled.dueAtMs).toBe(endOfShanghaiDay('2025-10-11'));
    });

    it('flags a roll over an unknown year-end weekend as provisional', () => {
      const rolled = calendar2025to2026().rollToWorkingDay(shanghai('2027-01-02T08:00'));
      expect(rolled).toEqual({ dueAtMs: endOfShanghaiDay('2027-01-04'), provisional: true });
    });
  });

  describe('workingDaysBetween', () => {
    it('counts working days after the first day up to and including the last, across National Day', () => {
      const count = calendar2025to2026().workingDaysBetween(shanghai('2025-09-26T10:00'), shanghai('2025-10-10T09:00'));
      expect(count).toEqual({ days: 5, provisional: false });
    });

    it('is zero when the end is not on a later day', () => {
      const calendar = calendar2025to2026();
      expect(calendar.workingDaysBetween(shanghai('2025-03-05T09:00'), shanghai('2025-03-05T18:00')).days).toBe(0);
      expect(calendar.workingDaysBetween(shanghai('2025-03-05T09:00'), shanghai('2025-03-01T18:00')).days).toBe(0);
    });
  });

  describe('properties', () => {
    const calendar = HolidayCalendar.fromSchedules(chineseDaysSchedules(2004, 2030));
    const instant = fc.integer({ min: Date.parse('2004-01-01T00:00:00Z'), max: Date.parse('2028-12-31T00:00:00Z') });
    const count = fc.integer({ min: 0, max: 400 });

    it('lands on a working day at the end of a Shanghai day for any positive n', () => {
      fc.assert(
        fc.property(instant, fc.integer({ min: 1, max: 400 }), (from, n) => {
          const { dueAtMs } = calendar.addWorkingDays(from, n);
          const localDate = shanghaiLocalDate(dueAtMs);
          return calendar.isWorkingDay(localDate) && dueAtMs === endOfShanghaiDay(localDate);
        }),
      );
    });

    it('moves strictly later as n grows', () => {
      fc.assert(
        fc.property(instant, count, fc.integer({ min: 1, max: 50 }), (from, n, more) => {
          return calendar.addWorkingDays(from, n).dueAtMs < calendar.addWorkingDays(from, n + more).dueAtMs;
        }),
      );
    });

    it('gives the same date for a then b working days as for a + b working days', () => {
      fc.assert(
        fc.property(instant, count, count, (from, a, b) => {
          const stepwise = calendar.addWorkingDays(calendar.addWorkingDays(from, a).dueAtMs, b);
          return stepwise.dueAtMs === calendar.addWorkingDays(from, a + b).dueAtMs;
        }),
      );
    });

    it('counts as many working days as a walk through every day of the span, and as provisionally', () => {
      const partial = HolidayCalendar.fromSchedules(chineseDaysSchedules(2004, 2026));
      const walked = (from: number, to: number) => {
        let days = 0;
        let provisional = false;
        for (let at = endOfShanghaiDay(shanghaiLocalDate(from)); at < endOfShanghaiDay(shanghaiLocalDate(to));) {
          at = endOfShanghaiDay(shanghaiLocalDate(at + 1));
          const date = shanghaiLocalDate(at);
          if (Number(date.slice(0, 4)) > 2026) provisional = true;
          if (partial.isWorkingDay(date)) days += 1;
        }
        return { days, provisional };
      };
      fc.assert(
        fc.property(instant, fc.integer({ min: -10, max: 6 * 366 }), (from, spanDays) => {
          const to = from + spanDays * 86_400_000 + 3_600_000;
          return JSON.stringify(partial.workingDaysBetween(from, to)) === JSON.stringify(walked(from, to));
        }),
        { numRuns: 300 },
      );
    });

    it('counts back exactly n working days between the start and the due date', () => {
      fc.assert(
        fc.property(instant, count, (from, n) => {
          return calendar.workingDaysBetween(from, calendar.addWorkingDays(from, n).dueAtMs).days === n;
        }),
      );
    });

    it('is provisional exactly when the counted span reaches a year after 2026', () => {
      fc.assert(
        fc.property(instant, fc.integer({ min: 1, max: 400 }), (from, n) => {
          const due = calendar.addWorkingDays(from, n);
          return due.provisional === Number(shanghaiLocalDate(due.dueAtMs).slice(0, 4)) > 2026;
        }),
      );
    });

    it('ends a month period in the target month on the same date or that month’s last day', () => {
      fc.assert(
        fc.property(instant, fc.integer({ min: -24, max: 24 }), (from, months) => {
          const [y, m, d] = shanghaiLocalDate(from).split('-').map(Number);
          const [ey, em, ed] = shanghaiLocalDate(calendar.addMonths(from, months)).split('-').map(Number);
          const lastOfTarget = new Date(Date.UTC(ey, em, 0)).getUTCDate();
          return ey * 12 + em === y * 12 + m + months && ed === Math.min(d, lastOfTarget);
        }),
      );
    });
  });
});
