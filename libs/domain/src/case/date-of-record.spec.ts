import { endOfShanghaiDay } from '../calendar';
import { countsFromMs, dateOfRecordProblem } from './date-of-record';

const at = (localDateTime: string) => Date.parse(`${localDateTime}+08:00`);

describe('dateOfRecordProblem', () => {
  it('accepts a date between the previous step and today, both included', () => {
    const now = at('2026-10-12T09:00');
    for (const on of ['2026-10-08', '2026-10-10', '2026-10-12'])
      expect(dateOfRecordProblem(on, { nowMs: now, previousOn: '2026-10-08' })).toBeNull();
  });

  it('refuses a date after today in Shanghai', () => {
    // 2026-10-12T17:00Z is already 10-13 in Shanghai: 10-13 is today there, 10-14 is not.
    expect(dateOfRecordProblem('2026-10-13', { nowMs: Date.parse('2026-10-12T17:00Z'), previousOn: null })).toBeNull();
    expect(dateOfRecordProblem('2026-10-14', { nowMs: Date.parse('2026-10-12T17:00Z'), previousOn: null })).toMatch(
      /future/,
    );
  });

  it('refuses a date before the previous step', () => {
    expect(dateOfRecordProblem('2026-10-07', { nowMs: at('2026-10-12T09:00'), previousOn: '2026-10-08' })).toMatch(
      /before the previous step/,
    );
  });
});

describe('countsFromMs', () => {
  it('counts from now when the step was taken today or no date was given', () => {
    const now = at('2026-10-12T09:00');
    expect(countsFromMs(null, now)).toBe(now);
    expect(countsFromMs('2026-10-12', now)).toBe(now);
  });

  it('counts from the end of an earlier day of record', () => {
    expect(countsFromMs('2026-09-30', at('2026-10-12T09:00'))).toBe(endOfShanghaiDay('2026-09-30'));
  });
});
