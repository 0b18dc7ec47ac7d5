import fc from 'fast-check';
import { chineseDaysSchedules } from './chinese-days-schedules';
import { parseYearSchedule, type YearScheduleProblemCode } from './year-schedule';

const validImport = () => ({
  year: 2027,
  holidays: ['2027-01-01', '2027-02-05'],
  makeUpWorkdays: ['2027-02-06'],
  source: '国办发明电〔2026〕7号 (fictional)',
});

const codesOf = (json: unknown): YearScheduleProblemCode[] => {
  const result = parseYearSchedule(json);
  return result.ok ? [] : result.problems.map((p) => p.code);
};

describe('parseYearSchedule', () => {
  it('accepts a well-formed year and returns it as a schedule', () => {
    expect(parseYearSchedule(validImport())).toEqual({ ok: true, schedule: validImport() });
  });

  it('reports every problem in one pass instead of stopping at the first', () => {
    const result = parseYearSchedule({
      year: 2027,
      holidays: ['2027-02-30', '2026-12-31', '2027-10-01', '2027-10-01'],
      makeUpWorkdays: ['2027-10-01', '2027-10-08', 'soon'],
      source: ' ',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.code, p.path])).toEqual([
      ['MISSING_SOURCE', 'source'],
      ['INVALID_DATE', 'holidays[0]'],
      ['DATE_OUTSIDE_YEAR', 'holidays[1]'],
      ['DUPLICATE_DATE', 'holidays[3]'],
      ['INVALID_DATE', 'makeUpWorkdays[2]'],
      ['HOLIDAY_AND_MAKE_UP_WORKDAY', 'makeUpWorkdays[0]'],
      ['MAKE_UP_WORKDAY_NOT_WEEKEND', 'makeUpWorkdays[0]'],
      ['MAKE_UP_WORKDAY_NOT_WEEKEND', 'makeUpWorkdays[1]'],
    ]);
  });

  it('flags a make-up workday that falls on a weekday', () => {
    // 2027-02-08 is a Monday.
    expect(codesOf({ ...validImport(), makeUpWorkdays: ['2027-02-08'] })).toEqual(['MAKE_UP_WORKDAY_NOT_WEEKEND']);
  });

  it('flags a day listed both as a holiday and as a make-up workday', () => {
    expect(codesOf({ ...validImport(), holidays: ['2027-02-06'] })).toEqual(['HOLIDAY_AND_MAKE_UP_WORKDAY']);
  });

  it('rejects impossible dates such as Feb 29 in a common year and a wrongly padded date', () => {
    expect(codesOf({ ...validImport(), holidays: ['2027-02-29', '2027-1-01'] })).toEqual([
      'INVALID_DATE',
      'INVALID_DATE',
    ]);
  });

  it('rejects a non-object, a bad year and missing date lists', () => {
    expect(codesOf('2027')).toEqual(['NOT_AN_OBJECT']);
    expect(codesOf({ year: '2027', source: 'x' })).toEqual(['INVALID_YEAR', 'NOT_A_DATE_LIST', 'NOT_A_DATE_LIST']);
  });

  it('accepts every year chinese-days publishes', () => {
    const problems = chineseDaysSchedules(2004, 2026).flatMap((schedule) => codesOf(schedule));
    expect(problems).toEqual([]);
  });

  it('never reports a problem for any real date of the given year listed as a holiday', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 364 }), (offset) => {
        const date = new Date(Date.UTC(2027, 0, 1 + offset)).toISOString().slice(0, 10);
        return codesOf({ year: 2027, holidays: [date], makeUpWorkdays: [], source: 'test' }).length === 0;
      }),
    );
  });
});
