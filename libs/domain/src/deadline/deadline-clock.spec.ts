import fc from 'fast-check';
import {
  chineseDaysSchedules,
  endOfShanghaiDay,
  HolidayCalendar,
  shanghaiLocalDate,
  type YearSchedule,
} from '../calendar';
import { COMPRESSED_POLICY, DEFAULT_POLICY } from '../policy';
import {
  extendDeadline,
  extensionRule,
  recomputeDeadline,
  resumeDeadline,
  startDeadlineClock,
  suspendDeadline,
  type DeadlineClock,
  type ExtensionOutcome,
} from './deadline-clock';

const shanghai = (localDateTime: string): number => Date.parse(`${localDateTime}+08:00`);
const calendar = (): HolidayCalendar => HolidayCalendar.fromSchedules(chineseDaysSchedules(2024, 2026));

const grantedClock = (outcome: ExtensionOutcome): DeadlineClock => {
  if (!outcome.granted) throw new Error(`expected a grant, got ${outcome.refusal}`);
  return outcome.clock;
};

describe('extendDeadline', () => {
  // preliminaryVerification: 60 d from 2025-03-03 is 2025-05-02 (a Labour Day holiday) → rolls to Wed May 6.
  const started = () =>
    startDeadlineClock(calendar(), DEFAULT_POLICY, 'preliminaryVerification', shanghai('2025-03-03T09:00'));

  it('adds the limit’s 30-day extension to the current due date and records the recalculation', () => {
    const clock = started();
    expect(shanghaiLocalDate(clock.dueAtMs)).toBe('2025-05-06');
    const outcome = extendDeadline(calendar(), DEFAULT_POLICY, clock, {
      requestedAtMs: shanghai('2025-04-28T10:00'),
      approvedAtMs: shanghai('2025-04-29T10:00'),
      reason: 'witness abroad',
    });
    expect(outcome.granted && outcome.flags).toEqual([]);
    const extended = grantedClock(outcome);
    expect(extended.dueAtMs).toBe(endOfShanghaiDay('2025-06-05'));
    expect(extended.recalculations).toEqual([
      {
        at: shanghai('2025-04-29T10:00'),
        from: endOfShanghaiDay('2025-05-06'),
        to: endOfShanghaiDay('2025-06-05'),
        kind: 'extension',
        reason: 'witness abroad',
      },
    ]);
  });

  it('flags LATE_EXTENSION when the request comes after the due date, and still counts from the old due date', () => {
    const outcome = extendDeadline(calendar(), DEFAULT_POLICY, started(), {
      requestedAtMs: shanghai('2025-05-07T09:00'),
      approvedAtMs: shanghai('2025-05-08T09:00'),
      reason: 'late',
    });
    expect(outcome.granted && outcome.flags).toEqual(['LATE_EXTENSION']);
    expect(grantedClock(outcome).dueAtMs).toBe(endOfShanghaiDay('2025-06-05'));
    expect(grantedClock(outcome).recalculations[0].kind).toBe('lateExtension');
  });

  it('refuses a second extension of a limit allowed to be extended once', () => {
    const request = {
      requestedAtMs: shanghai('2025-04-28T10:00'),
      approvedAtMs: shanghai('2025-04-29T10:00'),
      reason: 'r',
    };
    const once = grantedClock(extendDeadline(calendar(), DEFAULT_POLICY, started(), request));
    const twice = extendDeadline(calendar(), DEFAULT_POLICY, once, request);
    expect(twice).toMatchObject({ granted: false, refusal: 'MAX_EXTENSIONS_REACHED', rule: { maxCount: 1 } });
  });

  it('lets a limit without its own rule be extended by a full period up to maxExtensions times', () => {
    expect(extensionRule(DEFAULT_POLICY, 'trialReview')).toEqual({
      amount: 1,
      unit: 'm',
      maxCount: 2,
      approvalLevelsUp: 1,
    });
    const request = {
      requestedAtMs: shanghai('2025-03-20T10:00'),
      approvedAtMs: shanghai('2025-03-20T11:00'),
      reason: 'r',
    };
    let clock = startDeadlineClock(calendar(), DEFAULT_POLICY, 'trialReview', shanghai('2025-03-03T09:00'));
    clock = grantedClock(extendDeadline(calendar(), DEFAULT_POLICY, clock, request));
    clock = grantedClock(extendDeadline(calendar(), DEFAULT_POLICY, clock, request));
    // Apr 3; + 1 m = Sat May 3 (Labour Day) → Tue May 6; + 1 m = Fri Jun 6: each extension counts from the rolled date.
    expect(shanghaiLocalDate(clock.dueAtMs)).toBe('2025-06-06');
    expect(extendDeadline(calendar(), DEFAULT_POLICY, clock, request)).toMatchObject({
      granted: false,
      refusal: 'MAX_EXTENSIONS_REACHED',
    });
  });

  it('requires approval two levels up for an investigation extension', () => {
    expect(extensionRule(DEFAULT_POLICY, 'investigation')).toMatchObject({ amount: 90, approvalLevelsUp: 2 });
  });

  it('refuses more than the rule allows and any extension while the clock is suspended', () => {
    const request = {
      requestedAtMs: shanghai('2025-04-01T10:00'),
      approvedAtMs: shanghai('2025-04-01T10:00'),
      reason: 'r',
    };
    expect(extendDeadline(calendar(), DEFAULT_POLICY, started(), { ...request, amount: 31 })).toMatchObject({
      refusal: 'AMOUNT_NOT_ALLOWED',
    });
    const suspended = suspendDeadline(started(), shanghai('2025-03-20T09:00'), 'illness');
    if (!suspended.ok) throw new Error('expected suspension');
    expect(extendDeadline(calendar(), DEFAULT_POLICY, suspended.clock, request)).toMatchObject({
      refusal: 'CLOCK_SUSPENDED',
    });
  });

  it('refuses to work on a clock started under another policy version', () => {
    const request = { requestedAtMs: 0, approvedAtMs: 0, reason: 'r' };
    expect(() => extendDeadline(calendar(), COMPRESSED_POLICY, started(), request)).toThrow(
      /dom-2026\.1, not compressed-2026\.1/,
    );
  });
});

describe('suspension', () => {
  // filingDecision: 10 wd from Mon 2025-03-03 is due Mon 2025-03-17.
  const started = () => startDeadlineClock(calendar(), DEFAULT_POLICY, 'filingDecision', shanghai('2025-03-03T09:00'));

  it('shifts the due date by the working days suspended and records the recalculation', () => {
    const suspended = suspendDeadline(started(), shanghai('2025-03-04T10:00'), 'subject hospitalised');
    if (!suspended.ok) throw new Error('expected suspension');
    expect(suspended.clock.dueAtMs).toBe(endOfShanghaiDay('2025-03-17'));
    const resumed = resumeDeadline(calendar(), DEFAULT_POLICY, suspended.clock, shanghai('2025-03-06T15:00'));
    if (!resumed.ok) throw new Error('expected resume');
    expect(resumed.suspendedWd).toBe(2);
    expect(resumed.clock.suspension).toBeNull();
    expect(resumed.clock.dueAtMs).toBe(endOfShanghaiDay('2025-03-19'));
    expect(resumed.clock.recalculations).toEqual([
      {
        at: shanghai('2025-03-06T15:00'),
        from: endOfShanghaiDay('2025-03-17'),
        to: endOfShanghaiDay('2025-03-19'),
        kind: 'suspension',
        reason: 'subject hospitalised',
      },
    ]);
  });

  it('does not shift the due date for days off spent suspended', () => {
    const suspended = suspendDeadline(started(), shanghai('2025-03-07T18:00'), 'weekend hold');
    if (!suspended.ok) throw new Error('expected suspension');
    const resumed = resumeDeadline(calendar(), DEFAULT_POLICY, suspended.clock, shanghai('2025-03-09T20:00'));
    expect(resumed.ok && resumed.clock.dueAtMs).toBe(endOfShanghaiDay('2025-03-17'));
  });

  it('refuses to suspend twice or to resume a running clock', () => {
    const once = suspendDeadline(started(), shanghai('2025-03-04T10:00'), 'a');
    if (!once.ok) throw new Error('expected suspension');
    expect(suspendDeadline(once.clock, shanghai('2025-03-05T10:00'), 'b')).toEqual({
      ok: false,
      refusal: 'ALREADY_SUSPENDED',
    });
    expect(resumeDeadline(calendar(), DEFAULT_POLICY, started(), shanghai('2025-03-05T10:00'))).toEqual({
      ok: false,
      refusal: 'NOT_SUSPENDED',
    });
  });

  it('moves the due date by the same number of working days as the suspension lasted, for any suspension', () => {
    const cal = calendar();
    const clock = started();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 60 }), (fromOffsetDays, lengthDays) => {
        const from = clock.startedAtMs + fromOffsetDays * 86_400_000;
        const suspended = suspendDeadline(clock, from, 'r');
        if (!suspended.ok) return false;
        const resumed = resumeDeadline(cal, DEFAULT_POLICY, suspended.clock, from + lengthDays * 86_400_000);
        if (!resumed.ok) return false;
        return cal.workingDaysBetween(clock.dueAtMs, resumed.clock.dueAtMs).days === resumed.suspendedWd;
      }),
    );
  });
});

describe('recomputeDeadline', () => {
  const fictional2027: YearSchedule = {
    year: 2027,
    holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
    makeUpWorkdays: [],
    source: 'test: fictional 2027 notice',
  };

  it('turns a provisional 2027 due date final and one day later once a 2027 schedule adds a holiday', () => {
    const before = calendar();
    const clock = startDeadlineClock(before, DEFAULT_POLICY, 'intake', shanghai('2026-12-28T09:00'));
    expect(clock).toMatchObject({ dueAtMs: endOfShanghaiDay('2027-01-04'), provisional: true });
    const recomputed = recomputeDeadline(
      before.withYear(fictional2027),
      DEFAULT_POLICY,
      clock,
      shanghai('2026-12-29T08:00'),
      '2027 notice imported',
    );
    expect(recomputed).toMatchObject({ dueAtMs: endOfShanghaiDay('2027-01-05'), provisional: false });
    expect(recomputed.recalculations).toEqual([
      {
        at: shanghai('2026-12-29T08:00'),
        from: endOfShanghaiDay('2027-01-04'),
        to: endOfShanghaiDay('2027-01-05'),
        kind: 'scheduleImported',
        reason: '2027 notice imported',
      },
    ]);
  });

  it('replays extensions and suspensions against the new schedule', () => {
    const before = calendar();
    let clock = startDeadlineClock(before, DEFAULT_POLICY, 'intake', shanghai('2026-12-21T09:00'));
    const suspended = suspendDeadline(clock, shanghai('2026-12-22T09:00'), 'r');
    if (!suspended.ok) throw new Error('expected suspension');
    const resumed = resumeDeadline(before, DEFAULT_POLICY, suspended.clock, shanghai('2026-12-24T09:00'));
    if (!resumed.ok) throw new Error('expected resume');
    clock = resumed.clock;
    // 5 wd from Dec 21 is Dec 28; shifted 2 wd (Dec 23, 24) → Dec 30: still 2026, so final.
    expect(clock).toMatchObject({ dueAtMs: endOfShanghaiDay('2026-12-30'), provisional: false });
    clock = grantedClock(
      extendDeadline(before, DEFAULT_POLICY, clock, {
        requestedAtMs: shanghai('2026-12-29T09:00'),
        approvedAtMs: shanghai('2026-12-29T10:00'),
        reason: 'r',
      }),
    );
    expect(clock).toMatchObject({ dueAtMs: endOfShanghaiDay('2027-01-06'), provisional: true });
    const recomputed = recomputeDeadline(
      before.withYear(fictional2027),
      DEFAULT_POLICY,
      clock,
      shanghai('2026-12-30T08:00'),
      'import',
    );
    expect(recomputed).toMatchObject({ dueAtMs: endOfShanghaiDay('2027-01-07'), provisional: false });
    expect(recomputed.recalculations.map((r) => r.kind)).toEqual(['suspension', 'extension', 'scheduleImported']);
  });

  it('returns the same clock when the new schedule changes nothing', () => {
    const clock = startDeadlineClock(calendar(), DEFAULT_POLICY, 'intake', shanghai('2025-03-03T09:00'));
    expect(recomputeDeadline(calendar().withYear(fictional2027), DEFAULT_POLICY, clock, 0, 'import')).toBe(clock);
  });
});
