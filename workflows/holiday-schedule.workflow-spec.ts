import { PEOPLE } from '../test/builders/case.builder';
import { eventually } from '../test/support/case-driver';
import { caseWorld } from '../test/support/case-world';

const world = caseWorld();

/**
 * MADE-UP TEST FIXTURE, not the real 2027 schedule (unpublished when this was written). It has the shape of a
 * State Council notice (国务院办公厅关于部分节假日安排的通知) for National Day: 1–7 October off, with the
 * Sunday before and the Saturday after as make-up workdays (调休).
 */
const FIXTURE_2027 = {
  year: 2027,
  holidays: ['2027-10-01', '2027-10-02', '2027-10-03', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07'],
  makeUpWorkdays: ['2027-09-26', '2027-10-09'],
  source: 'made-up test fixture shaped like a State Council holiday notice',
};

/** Timers fire on time; the workflow task that handles one starts a few milliseconds later. */
function expectAtStartOf(localDate: string, at: string): void {
  const startOfDay = Date.parse(`${localDate}T00:00:00+08:00`);
  expect(Date.parse(at)).toBeGreaterThanOrEqual(startOfDay);
  expect(Date.parse(at)).toBeLessThan(startOfDay + 60_000);
}

// Time on the test server only moves forward, and chinese-days knows no year after 2026: this file skips to
// September 2027 once, with the recording activities' extraSchedules left empty so 2027 is unknown.
describe('a due date across the National Day holiday, in a year whose schedule arrives later', () => {
  it('flags the intake due date provisional, recomputes it over the holiday and its make-up workday when the schedule is imported, and escalates on the new date', async () => {
    expect(world.activities.extraSchedules).toEqual([]);
    await world.sleepUntil(Date.parse('2027-09-27T09:00:00+08:00'), 0);
    const c = await world.openCase();
    const task = await c.openTask('intake', 'decision');

    // 5 working days on plain weekdays from Monday 27 September: 28, 29, 30 Sep, Fri 1 Oct, Mon 4 Oct.
    expect(task.dueAt).toBe(new Date('2027-10-04T23:59:59.999+08:00').toISOString());
    expect(task.dueProvisional).toBe(true);

    await c.calendarUpdated(FIXTURE_2027);
    // With the notice: 28, 29, 30 Sep, then 1–7 Oct off, Fri 8 Oct, and Sat 9 Oct, a make-up workday, is the 5th.
    const dueAt = new Date('2027-10-09T23:59:59.999+08:00').toISOString();
    const recomputed = await c.taskWhen(task.taskId, (t) => !t.dueProvisional, 'the recomputed due date');
    expect(recomputed).toMatchObject({ dueAt, dueProvisional: false, version: task.version + 1 });
    expect(recomputed.history).toContainEqual(
      expect.objectContaining({
        action: 'DUE_DATE_RECOMPUTED',
        detail: { from: task.dueAt, to: dueAt, provisional: false },
      }),
    );
    await eventually(
      async () => ((await c.caseState()).deadlineAt === dueAt ? true : undefined),
      'the case deadline to follow',
    );
    await c.readModelAgrees();
    expect(c.auditFor('DUE_DATE_RECALCULATED')).toEqual([
      expect.objectContaining({
        after: expect.objectContaining({
          taskId: task.taskId,
          cause: 'CALENDAR_IMPORTED',
          from: task.dueAt,
          to: dueAt,
        }),
      }),
    ]);

    // The provisional date's escalation (the start of 5 October) no longer fires; the reminder at T−3 wd
    // (end of Wednesday 29 September, counting back over the holiday) did.
    await world.sleepUntil(Date.parse('2027-10-05T00:00:00+08:00'));
    await c.taskWhen(task.taskId, (t) => t.history.some((h) => h.action === 'REMINDER'), 'the reminder');
    const reminder = world.activities.notificationsFor(task.taskId).find((n) => n.kind === 'reminder');
    expect(reminder).toMatchObject({ level: 0, recipientId: PEOPLE.caseManagementOfficer });
    expectAtStartOf('2027-09-30', reminder!.at);
    expect((await c.task(task.taskId)).escalationLevel).toBe(0);

    await world.sleepUntil(Date.parse('2027-10-10T00:00:00+08:00'));
    const overdue = await c.taskWhen(
      task.taskId,
      (t) => t.escalationLevel === 1,
      'the escalation after the new due date',
    );
    expect(overdue.warningLevel).toBe('overdue');
    const escalation = world.activities.notificationsFor(task.taskId).find((n) => n.level === 1);
    expect(escalation).toMatchObject({ kind: 'escalation', recipientRole: 'superior' });
    expectAtStartOf('2027-10-10', escalation!.at);
  });
});
