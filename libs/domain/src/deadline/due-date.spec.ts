import { chineseDaysSchedules, endOfShanghaiDay, HolidayCalendar, shanghaiLocalDate } from '../calendar';
import { COMPRESSED_POLICY, DEFAULT_POLICY } from '../policy';
import { computeDueAt } from './due-date';
import { escalationSchedule } from './escalation';
import { caseTimeMs, timerDelayMs } from './timer';
import { warningLevel } from './warning';

const shanghai = (localDateTime: string): number => Date.parse(`${localDateTime}+08:00`);
const calendar = (): HolidayCalendar => HolidayCalendar.fromSchedules(chineseDaysSchedules(2024, 2026));

describe('computeDueAt', () => {
  it('counts the Sunday make-up workday when a 5-wd intake crosses National Day 2025', () => {
    const due = computeDueAt(calendar(), DEFAULT_POLICY, 'intake', shanghai('2025-09-26T15:00'));
    expect(due).toEqual({ dueAtMs: endOfShanghaiDay('2025-10-10'), provisional: false });
  });

  it('rolls a 60-day preliminary verification ending on Oct 1 2025 to the first working day after the holiday', () => {
    const due = computeDueAt(calendar(), DEFAULT_POLICY, 'preliminaryVerification', shanghai('2025-08-02T10:00'));
    expect(shanghaiLocalDate(due.dueAtMs)).toBe('2025-10-09');
  });

  it('ends a one-month trial review started on Jan 31 2025 on Feb 28', () => {
    const due = computeDueAt(calendar(), DEFAULT_POLICY, 'trialReview', shanghai('2025-01-31T10:00'));
    expect(due.dueAtMs).toBe(endOfShanghaiDay('2025-02-28'));
  });

  it('rolls a three-month appeal decision period ending on Sunday Aug 10 2025 to Monday', () => {
    const due = computeDueAt(calendar(), DEFAULT_POLICY, 'partyAppealDecision', shanghai('2025-05-10T10:00'));
    expect(shanghaiLocalDate(due.dueAtMs)).toBe('2025-08-11');
  });

  it('flags a limit that runs into 2027 as provisional', () => {
    const due = computeDueAt(calendar(), DEFAULT_POLICY, 'closing', shanghai('2026-12-24T10:00'));
    expect(due.provisional).toBe(true);
  });
});

describe('timerDelayMs', () => {
  it('waits the remaining time unchanged under the default policy', () => {
    expect(timerDelayMs(DEFAULT_POLICY, shanghai('2025-03-03T00:00'), shanghai('2025-03-04T00:00'))).toBe(86_400_000);
  });

  it('waits 2 s per day of case time under the compressed policy', () => {
    expect(timerDelayMs(COMPRESSED_POLICY, shanghai('2025-03-03T00:00'), shanghai('2025-03-13T00:00'))).toBe(20_000);
  });

  it('does not wait for a due date already passed', () => {
    expect(timerDelayMs(DEFAULT_POLICY, shanghai('2025-03-05T00:00'), shanghai('2025-03-04T00:00'))).toBe(0);
  });

  it('maps 2 s of real time to one day of case time under the compressed policy', () => {
    const anchor = { realMs: 1_000_000, caseMs: shanghai('2025-03-03T09:00') };
    expect(caseTimeMs(COMPRESSED_POLICY, anchor, anchor.realMs + 2000)).toBe(shanghai('2025-03-04T09:00'));
    expect(caseTimeMs(DEFAULT_POLICY, { realMs: 5, caseMs: 5 }, 42)).toBe(42);
  });
});

describe('escalationSchedule', () => {
  it('places each alert the policy’s working-day offset from a due date of Tue Sep 30 2025, skipping National Day', () => {
    const alerts = escalationSchedule(calendar(), DEFAULT_POLICY, endOfShanghaiDay('2025-09-30'));
    expect(alerts.map((a) => [a.level, shanghaiLocalDate(a.at), a.notify])).toEqual([
      [0, '2025-09-26', 'assignee'], // Sep 29, Sep 28 (make-up Sunday), Sep 26
      [1, '2025-09-30', 'superior'],
      [2, '2025-10-10', 'caseManagement'], // Oct 9, Oct 10
      [3, '2025-10-14', 'leaderInCharge'], // Oct 11 (make-up Saturday), Oct 13, Oct 14
      [4, '2025-10-21', 'higherCommission'],
    ]);
    expect(alerts[1].at).toBe(endOfShanghaiDay('2025-09-30'));
  });
});

describe('warningLevel', () => {
  // filingDecision: 10 wd from Mon 2025-03-03 is due Mon 2025-03-17.
  const startedAtMs = shanghai('2025-03-03T09:00');
  const dueAtMs = computeDueAt(calendar(), DEFAULT_POLICY, 'filingDecision', startedAtMs).dueAtMs;
  const levelAt = (localDateTime: string) =>
    warningLevel(calendar(), DEFAULT_POLICY, startedAtMs, dueAtMs, shanghai(localDateTime));

  it('is green while less than half of the working days are used', () => {
    expect(shanghaiLocalDate(dueAtMs)).toBe('2025-03-17');
    expect(levelAt('2025-03-07T10:00')).toBe('green');
  });

  it('turns yellow once half of the working days are used', () => {
    expect(levelAt('2025-03-10T10:00')).toBe('yellow');
  });

  it('turns red when three working days remain, today included', () => {
    expect(levelAt('2025-03-12T10:00')).toBe('yellow');
    expect(levelAt('2025-03-13T10:00')).toBe('red');
    expect(levelAt('2025-03-17T23:59')).toBe('red');
  });

  it('is overdue from the first millisecond after the due day', () => {
    expect(warningLevel(calendar(), DEFAULT_POLICY, startedAtMs, dueAtMs, dueAtMs)).toBe('red');
    expect(warningLevel(calendar(), DEFAULT_POLICY, startedAtMs, dueAtMs, dueAtMs + 1)).toBe('overdue');
  });

  it('does not count a holiday as used time', () => {
    // 10 wd from Fri 2025-09-26 is due Fri 2025-10-17; on Oct 8 only 3 wd (Sep 28–30) are used.
    const start = shanghai('2025-09-26T09:00');
    const due = computeDueAt(calendar(), DEFAULT_POLICY, 'filingDecision', start).dueAtMs;
    expect(warningLevel(calendar(), DEFAULT_POLICY, start, due, shanghai('2025-10-08T10:00'))).toBe('green');
  });
});
