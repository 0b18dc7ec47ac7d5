import fc from 'fast-check';
import { chineseDaysSchedules, HolidayCalendar } from '@shuangcha/domain/calendar';
import { stallReasons } from '@shuangcha/domain/deadline';
import { COMPRESSED_POLICY, DEFAULT_POLICY } from '@shuangcha/domain/policy';
import { approvalSince, idleSince } from './idle-since';

const calendar = HolidayCalendar.fromSchedules(chineseDaysSchedules(2024, 2026));
const shanghai = (local: string) => Date.parse(`${local}+08:00`);

describe('idleSince', () => {
  it('is the start of the N-th working day back, today included, skipping the National Day week', () => {
    // 2025-10-09 (Thu) is a working day; 10-01…10-08 are holidays, 09-28 (Sun) and 10-11 (Sat) make-up days.
    const now = shanghai('2025-10-09T10:00');
    expect(idleSince(calendar, now, 1).toISOString()).toBe(new Date(shanghai('2025-10-09T00:00')).toISOString());
    expect(idleSince(calendar, now, 2).toISOString()).toBe(new Date(shanghai('2025-09-30T00:00')).toISOString());
    expect(idleSince(calendar, now, 4).toISOString()).toBe(new Date(shanghai('2025-09-28T00:00')).toISOString());
  });

  it('agrees with the domain stall rule for every last activity, now and N', () => {
    const instant = fc.integer({ min: shanghai('2024-01-01T00:00'), max: shanghai('2026-12-31T00:00') });
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 0, max: 120 * 86_400_000 }),
        fc.integer({ min: 1, max: 40 }),
        (now, ago, n) => {
          const lastActivityAtMs = now - ago;
          const policy = { ...DEFAULT_POLICY, stall: { ...DEFAULT_POLICY.stall, idleWd: n } };
          const idle = stallReasons(
            { lastActivityAtMs, pendingApprovalSinceMs: null, overdue: false },
            calendar,
            policy,
            now,
          ).includes('IDLE');
          return idle === lastActivityAtMs < idleSince(calendar, now, n).getTime();
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('approvalSince', () => {
  it('agrees with the domain stall rule on a pending approval, whatever compressed policies exist', () => {
    const instant = fc.integer({ min: shanghai('2024-01-01T00:00'), max: shanghai('2026-12-31T00:00') });
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 60 * 86_400_000 }), (now, ago) => {
        const pendingApprovalSinceMs = now - ago;
        const pending = stallReasons(
          { lastActivityAtMs: now, pendingApprovalSinceMs, overdue: false },
          calendar,
          DEFAULT_POLICY,
          now,
        ).includes('APPROVAL_PENDING');
        const bound = approvalSince(calendar, now, [DEFAULT_POLICY, COMPRESSED_POLICY]).getTime();
        return pending === pendingApprovalSinceMs < bound;
      }),
      { numRuns: 2000 },
    );
  });
});
