import fc from 'fast-check';
import { fromDayNumber, overlapDays, toDayNumber } from './interval';

describe('local-date intervals', () => {
  it('counts both end days of an inclusive overlap', () => {
    expect(overlapDays({ from: '2021-01-01', to: '2021-01-31' }, { from: '2021-01-31', to: '2021-02-28' })).toBe(1);
    expect(overlapDays({ from: '2020-01-01', to: '2020-12-31' }, { from: '2019-06-01', to: null })).toBe(366);
  });

  it('returns 0 for disjoint or malformed intervals and Infinity for two open ones', () => {
    expect(overlapDays({ from: '2021-01-01', to: '2021-01-31' }, { from: '2021-02-01', to: null })).toBe(0);
    expect(overlapDays({ from: '2021-02-29', to: null }, { from: '2021-01-01', to: null })).toBe(0);
    expect(overlapDays({ from: '2021-01-01', to: null }, { from: '2022-01-01', to: null })).toBe(
      Number.POSITIVE_INFINITY,
    );
  });

  it('rejects dates that are not on the calendar', () => {
    expect(['2023-02-29', '2023-04-31', '2023-13-01', '2023-1-01', '2023-01-01T00:00'].map(toDayNumber)).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(toDayNumber('2024-02-29')).toBe(toDayNumber('2024-03-01')! - 1);
  });

  it('round-trips every day number through its date text', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200000, max: 200000 }), (day) => {
        expect(toDayNumber(fromDayNumber(day))).toBe(day);
      }),
    );
  });
});
