import { isWorkday } from 'chinese-days';
import { chineseDaysSchedules } from './chinese-days-schedules';
import { HolidayCalendar } from './holiday-calendar';

describe('chineseDaysSchedules', () => {
  it('derives the National Day 2025 holiday and its Sep 28 and Oct 11 make-up workdays', () => {
    const [schedule] = chineseDaysSchedules(2025, 2025);
    expect(schedule.year).toBe(2025);
    expect(schedule.holidays).toEqual(expect.arrayContaining(['2025-10-01', '2025-10-04', '2025-10-08']));
    expect(schedule.makeUpWorkdays).toEqual(expect.arrayContaining(['2025-09-28', '2025-10-11']));
    expect(schedule.source).toBe('chinese-days@1.5.7');
  });

  it('returns nothing for years the package has not published, even inside the requested range', () => {
    expect(chineseDaysSchedules(2025, 2030).map((s) => s.year)).toEqual([2025, 2026]);
    expect(chineseDaysSchedules(2027, 2030)).toEqual([]);
    expect(chineseDaysSchedules(1990, 2004).map((s) => s.year)).toEqual([2004]);
  });

  // chinese-days builds its own tables by reading 'YYYY-MM-DD' as UTC midnight and formatting it in the
  // host zone, so on a host west of UTC every holiday moves one day earlier. That is why we read its data
  // file; the comparison below is only meaningful where the package itself is right.
  const hostIsWestOfUtc = new Date(2025, 0, 1).getTimezoneOffset() > 0;

  it('agrees with the package’s own isWorkday on every published day (2004–2026) on hosts at or east of UTC', () => {
    const calendar = HolidayCalendar.fromSchedules(chineseDaysSchedules(2004, 2026));
    if (hostIsWestOfUtc) {
      expect(calendar.isWorkingDay('2025-10-08')).toBe(false);
      expect(isWorkday(new Date(2025, 9, 8))).toBe(true);
      return;
    }
    const disagreements: string[] = [];
    for (let t = Date.UTC(2004, 0, 1); t <= Date.UTC(2026, 11, 31); t += 86_400_000) {
      const date = new Date(t);
      const localDate = date.toISOString().slice(0, 10);
      const hostLocalMidnight = new Date(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
      if (calendar.isWorkingDay(localDate) !== isWorkday(hostLocalMidnight)) disagreements.push(localDate);
    }
    expect(disagreements).toEqual([]);
  });
});
