import { chineseDaysSchedules, HolidayCalendar } from '../calendar';
import { DEFAULT_POLICY } from '../policy';
import { isStalled, stallReasons, stallWaitingOn } from './stall';

const shanghai = (localDateTime: string): number => Date.parse(`${localDateTime}+08:00`);
const calendar = (): HolidayCalendar => HolidayCalendar.fromSchedules(chineseDaysSchedules(2025, 2025));
const active = { lastActivityAtMs: shanghai('2025-03-03T09:00'), pendingApprovalSinceMs: null, overdue: false };

describe('stall detection', () => {
  it('is not stalled with recent activity, no pending approval and nothing overdue', () => {
    expect(isStalled(active, calendar(), DEFAULT_POLICY, shanghai('2025-03-14T09:00'))).toBe(false);
  });

  it('is stalled after 10 working days without audited activity', () => {
    // Mar 4–7 and 10–14 are 9 wd; Mar 17 is the 10th.
    expect(stallReasons(active, calendar(), DEFAULT_POLICY, shanghai('2025-03-14T23:00'))).toEqual([]);
    expect(stallReasons(active, calendar(), DEFAULT_POLICY, shanghai('2025-03-17T09:00'))).toEqual(['IDLE']);
  });

  it('does not count the National Day holiday as idle time', () => {
    const beforeHoliday = { ...active, lastActivityAtMs: shanghai('2025-09-30T17:00') };
    expect(isStalled(beforeHoliday, calendar(), DEFAULT_POLICY, shanghai('2025-10-15T09:00'))).toBe(false);
  });

  it('is stalled when an approval has been pending longer than 5 working days', () => {
    const pending = {
      ...active,
      lastActivityAtMs: shanghai('2025-03-10T09:00'),
      pendingApprovalSinceMs: shanghai('2025-03-03T09:00'),
    };
    expect(stallReasons(pending, calendar(), DEFAULT_POLICY, shanghai('2025-03-10T09:00'))).toEqual([]);
    expect(stallReasons(pending, calendar(), DEFAULT_POLICY, shanghai('2025-03-11T09:00'))).toEqual([
      'APPROVAL_PENDING',
    ]);
  });

  it('is stalled whenever a stage is overdue', () => {
    expect(
      stallReasons({ ...active, overdue: true }, calendar(), DEFAULT_POLICY, shanghai('2025-03-04T09:00')),
    ).toEqual(['OVERDUE']);
  });
});

describe('stallWaitingOn', () => {
  const task = { kind: 'decision', suspended: false, stage: 'investigation', candidateRole: 'caseOfficer' };
  it('waits on the assignee for their own step', () => {
    expect(stallWaitingOn(task)).toBe('PERSON');
  });
  it('waits on an approver for an approval, a vote or an extension', () => {
    for (const kind of ['approval', 'collectiveDecision', 'extensionApproval', 'suspensionApproval', 'measureApproval'])
      expect(stallWaitingOn({ ...task, kind })).toBe('APPROVAL');
  });
  it('waits on an external body while the clock is suspended or a managing body decides a referral', () => {
    expect(stallWaitingOn({ ...task, suspended: true })).toBe('EXTERNAL_BODY');
    expect(stallWaitingOn({ ...task, stage: 'decision', candidateRole: 'caseManagementOfficer' })).toBe(
      'EXTERNAL_BODY',
    );
  });
});
