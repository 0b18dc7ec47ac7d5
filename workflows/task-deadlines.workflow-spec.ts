import { chineseDaysSchedules, HolidayCalendar } from '../libs/domain/src/calendar';
import { escalationSchedule } from '../libs/domain/src/deadline';
import { DEFAULT_POLICY } from '../libs/domain/src/policy';
import { PEOPLE } from '../test/builders/case.builder';
import { eventually, rejectionOf, type CaseDriver, type Task } from '../test/support/case-driver';
import { caseWorld } from '../test/support/case-world';

const world = caseWorld();
/** The same published schedules the recording activities hand the workflows: the oracle for expected dates. */
const calendar = HolidayCalendar.fromSchedules(chineseDaysSchedules(2004, 2100));
const HOUR = 3_600_000;

async function leadDisposalTask(c: CaseDriver): Promise<Task> {
  await c.complete('intake', 'REGISTERED');
  return c.openTask('clueDisposal', 'decision');
}

async function caseRow(c: CaseDriver) {
  return eventually(async () => {
    const state = await c.caseState();
    const row = world.activities.cases.get(c.caseId);
    return row &&
      row.overdue === state.overdue &&
      row.escalationLevel === state.escalationLevel &&
      row.deadlineAt === state.deadlineAt
      ? { state, row }
      : undefined;
  }, 'the case row to match the case query');
}

describe('reminders, graded warnings and escalation', () => {
  it('warns yellow, reminds the assignee with a red warning at T−3 wd, then escalates to the superior at T and to case management at T+2 wd', async () => {
    const c = await world.openCase();
    const task = await leadDisposalTask(c);
    const dueAt = Date.parse(task.dueAt);
    const [reminder, superior, caseManagement] = escalationSchedule(calendar, DEFAULT_POLICY, dueAt);
    expect(task).toMatchObject({ assigneeId: PEOPLE.caseOfficer, warningLevel: 'green', escalationLevel: 0 });

    await world.sleepUntil(reminder.at, -HOUR);
    const yellow = await c.taskWhen(
      task.taskId,
      (t) => t.warningLevel === 'yellow',
      'a yellow warning past half the working days',
    );
    await c.readModelAgrees();
    expect(yellow.escalationLevel).toBe(0);
    expect(world.activities.notificationsFor(task.taskId)).toEqual([
      expect.objectContaining({ kind: 'warning', recipientRole: 'assignee', recipientId: PEOPLE.caseOfficer }),
    ]);
    expect((await caseRow(c)).state.overdue).toBe(false);

    await world.sleepUntil(reminder.at);
    const reminded = await c.taskWhen(
      task.taskId,
      (t) => t.history.some((h) => h.action === 'REMINDER'),
      'the reminder',
    );
    await c.readModelAgrees();
    expect(reminded).toMatchObject({ warningLevel: 'red', escalationLevel: 0 });
    expect(world.activities.notificationsFor(task.taskId).filter((n) => n.kind !== 'warning')).toEqual([
      expect.objectContaining({
        kind: 'reminder',
        level: 0,
        recipientRole: 'assignee',
        recipientId: PEOPLE.caseOfficer,
      }),
    ]);
    expect(reminded.history.filter((h) => h.action === 'WARNING').map((h) => h.detail?.warningLevel)).toEqual([
      'yellow',
    ]);
    expect((await caseRow(c)).state).toMatchObject({ overdue: false, escalationLevel: 0 });

    await world.sleepUntil(superior.at);
    const overdue = await c.taskWhen(task.taskId, (t) => t.escalationLevel === 1, 'the escalation at T');
    await c.readModelAgrees();
    expect(overdue.warningLevel).toBe('overdue');
    expect(world.activities.notificationsFor(task.taskId).find((n) => n.level === 1)).toMatchObject({
      kind: 'escalation',
      recipientRole: 'superior',
      recipientId: PEOPLE.officerSuperior,
    });
    const atT = await caseRow(c);
    expect(atT.state).toMatchObject({ overdue: true, escalationLevel: 1, deadlineAt: task.dueAt });
    expect(atT.row).toMatchObject({ overdue: true, escalationLevel: 1 });
    await c.readModelAgrees();

    await world.sleepUntil(caseManagement.at);
    const second = await c.taskWhen(task.taskId, (t) => t.escalationLevel === 2, 'the escalation at T+2 wd');
    await c.readModelAgrees();
    expect(second.warningLevel).toBe('overdue');
    expect(
      world.activities
        .notificationsFor(task.taskId)
        .filter((n) => n.kind !== 'warning')
        .map(({ kind, level, recipientRole, recipientId }) => ({ kind, level, recipientRole, recipientId })),
    ).toEqual([
      { kind: 'reminder', level: 0, recipientRole: 'assignee', recipientId: PEOPLE.caseOfficer },
      { kind: 'escalation', level: 1, recipientRole: 'superior', recipientId: PEOPLE.officerSuperior },
      { kind: 'escalation', level: 2, recipientRole: 'caseManagement', recipientId: PEOPLE.caseManagementOfficer },
    ]);
    expect((await caseRow(c)).state).toMatchObject({ overdue: true, escalationLevel: 2 });
    expect(c.auditFor('TASK_ESCALATED').map((e) => (e.after as { level: number }).level)).toEqual([1, 2]);
    await c.readModelAgrees();
  });
});

describe('extensions', () => {
  it('moves the due date by one more period when the superior grants an extension, audited as a recalculation', async () => {
    const c = await world.openCase();
    const task = await c.openTask('intake', 'decision');
    const { approvalTaskId } = await c.requestExtension(task.taskId, task.assigneeId);
    const approval = await c.openTask('intake', 'extensionApproval');
    expect(approval).toMatchObject({ taskId: approvalTaskId, assigneeId: PEOPLE.leaderInCharge });
    await c.submit(approval, 'GRANT');

    const extended = await c.taskWhen(task.taskId, (t) => t.extensionCount === 1, 'the granted extension');
    await c.readModelAgrees();
    const expectedDue = calendar.addWorkingDays(Date.parse(task.dueAt), 5).dueAtMs;
    expect(Date.parse(extended.dueAt)).toBe(expectedDue);
    expect(extended).toMatchObject({ version: task.version + 1, escalationLevel: 0, status: 'OPEN' });
    expect(extended.history).toContainEqual(
      expect.objectContaining({
        action: 'EXTENSION_GRANTED',
        actorId: PEOPLE.leaderInCharge,
        detail: { from: task.dueAt, to: extended.dueAt, flags: [] },
      }),
    );
    expect(c.auditFor('DUE_DATE_RECALCULATED')).toEqual([
      expect.objectContaining({
        actorId: PEOPLE.leaderInCharge,
        after: expect.objectContaining({
          taskId: task.taskId,
          cause: 'EXTENSION',
          from: task.dueAt,
          to: extended.dueAt,
        }),
      }),
    ]);
    await c.readModelAgrees();
  });

  it('keeps the due date when the superior refuses an extension', async () => {
    const c = await world.openCase();
    const task = await c.openTask('intake', 'decision');
    await c.requestExtension(task.taskId, task.assigneeId);
    await c.decide('intake', 'extensionApproval', 'REFUSE', { reason: 'no cause shown' });
    const after = await c.taskWhen(
      task.taskId,
      (t) => t.history.some((h) => h.action === 'EXTENSION_REFUSED'),
      'the refusal',
    );
    await c.readModelAgrees();
    expect(after).toMatchObject({ dueAt: task.dueAt, extensionCount: 0, version: task.version });
    expect(c.auditFor('DUE_DATE_RECALCULATED')).toEqual([]);
    expect(c.auditFor('EXTENSION_REFUSED')).toHaveLength(1);
    await c.readModelAgrees();
  });

  it('flags an extension requested after the due date as LATE_EXTENSION and resets the escalation when granted', async () => {
    const c = await world.openCase();
    const task = await c.openTask('intake', 'decision');
    const [, superior] = escalationSchedule(calendar, DEFAULT_POLICY, Date.parse(task.dueAt));
    await world.sleepUntil(superior.at);
    await c.taskWhen(task.taskId, (t) => t.escalationLevel === 1, 'the escalation at T');
    await c.readModelAgrees();
    expect((await caseRow(c)).state.overdue).toBe(true);

    await c.requestExtension(task.taskId, task.assigneeId, 'the letter reply arrived late');
    await c.decide('intake', 'extensionApproval', 'GRANT');
    const extended = await c.taskWhen(task.taskId, (t) => t.extensionCount === 1, 'the granted late extension');
    await c.readModelAgrees();
    expect(extended.history.map((h) => h.action)).toContain('LATE_EXTENSION_REQUESTED');
    expect(extended.history.find((h) => h.action === 'EXTENSION_GRANTED')?.detail).toMatchObject({
      flags: ['LATE_EXTENSION'],
    });
    expect(c.auditFor('DUE_DATE_RECALCULATED')[0].after).toMatchObject({ flags: ['LATE_EXTENSION'] });
    expect(Date.parse(extended.dueAt)).toBe(calendar.addWorkingDays(Date.parse(task.dueAt), 5).dueAtMs);
    expect(extended.escalationLevel).toBe(0);
    expect(extended.warningLevel).not.toBe('overdue');
    // The child reports the new due date to the case after auditing and projecting it: wait for that report.
    const { state, row } = await eventually(async () => {
      const current = await caseRow(c);
      return current.state.deadlineAt === extended.dueAt ? current : undefined;
    }, 'the case to learn of the extension');
    expect(state).toMatchObject({ overdue: false, escalationLevel: 0, deadlineAt: extended.dueAt });
    expect(row).toMatchObject({ overdue: false, escalationLevel: 0 });
    await c.readModelAgrees();
  });
});

describe('clock suspension', () => {
  it('stops escalation while an approved suspension lasts and shifts the due date by the suspended working days on resume', async () => {
    const c = await world.openCase();
    const task = await c.openTask('intake', 'decision');
    await c.requestSuspension(task.taskId, task.assigneeId);
    await c.decide('intake', 'suspensionApproval', 'APPROVE');
    const suspended = await c.taskWhen(task.taskId, (t) => t.suspended, 'the suspension');
    await c.readModelAgrees();
    expect(c.auditFor('CLOCK_SUSPENDED')).toHaveLength(1);
    await c.readModelAgrees();
    const suspendedAt = await world.env.currentTimeMs();

    // Well past the original due date and its first escalation step: nothing fires while the clock is stopped.
    const [, superior] = escalationSchedule(calendar, DEFAULT_POLICY, Date.parse(task.dueAt));
    await world.sleepUntil(superior.at, 24 * HOUR);
    expect(world.activities.notificationsFor(task.taskId).filter((n) => n.kind !== 'warning')).toEqual([]);
    expect((await c.task(task.taskId)).escalationLevel).toBe(0);

    const resumedAt = await world.env.currentTimeMs();
    await c.resume(task.taskId, task.assigneeId);
    const resumed = await c.taskWhen(task.taskId, (t) => !t.suspended, 'the resumed clock');
    await c.readModelAgrees();
    const suspendedWd = calendar.workingDaysBetween(suspendedAt, resumedAt).days;
    expect(suspendedWd).toBeGreaterThan(0);
    expect(Date.parse(resumed.dueAt)).toBe(calendar.addWorkingDays(Date.parse(task.dueAt), suspendedWd).dueAtMs);
    expect(resumed.version).toBe(suspended.version + 1);
    expect(resumed.history.find((h) => h.action === 'CLOCK_RESUMED')?.detail).toMatchObject({
      from: task.dueAt,
      to: resumed.dueAt,
      suspendedWd,
    });
    expect(c.auditFor('DUE_DATE_RECALCULATED')).toEqual([
      expect.objectContaining({
        after: expect.objectContaining({
          taskId: task.taskId,
          cause: 'SUSPENSION',
          from: task.dueAt,
          to: resumed.dueAt,
          suspendedWd,
        }),
      }),
    ]);
    const { state } = await caseRow(c);
    expect(state).toMatchObject({ overdue: false, deadlineAt: resumed.dueAt });
    await c.readModelAgrees();
  });
});

describe('reassignment', () => {
  it('lets the case-management office the gateway vouches for reassign, though the case does not name the person', async () => {
    const c = await world.openCase();
    const task = await c.openTask('intake', 'decision');
    const director = 'p-cm-director';
    expect(await rejectionOf(c.reassign(task.taskId, director, 'p-cmo-2'))).toBe('RoleNotAllowed');
    await c.reassign(task.taskId, director, 'p-cmo-2', 'the officer is on leave', 'caseManagementOffice');
    const moved = await c.taskWhen(task.taskId, (t) => t.assigneeId === 'p-cmo-2', 'the reassignment');
    expect(moved.history).toContainEqual(expect.objectContaining({ action: 'REASSIGNED', actorId: director }));
  });

  it('lets a supervisor reassign a task: the new assignee decides, the old one no longer can, and the read model follows', async () => {
    const c = await world.openCase();
    const task = await c.openTask('intake', 'decision');
    await c.reassign(task.taskId, PEOPLE.principalLeader, 'p-cmo-2', 'the officer is on leave');
    const moved = await c.taskWhen(task.taskId, (t) => t.assigneeId === 'p-cmo-2', 'the reassignment');
    await c.readModelAgrees();
    expect(moved.history).toContainEqual(
      expect.objectContaining({
        action: 'REASSIGNED',
        actorId: PEOPLE.principalLeader,
        detail: { from: PEOPLE.caseManagementOfficer, to: 'p-cmo-2', reason: 'the officer is on leave' },
      }),
    );
    expect(c.auditFor('TASK_REASSIGNED')).toHaveLength(1);
    expect(world.activities.notificationsFor(task.taskId)).toEqual([
      expect.objectContaining({ kind: 'reassignment', recipientRole: 'assignee', recipientId: 'p-cmo-2' }),
    ]);
    await c.readModelAgrees();
    expect(await rejectionOf(c.submit(moved, 'REGISTERED', { actorId: PEOPLE.caseManagementOfficer }))).toBe(
      'NotAssignee',
    );
    await c.submit(moved, 'REGISTERED');
    await c.openTask('clueDisposal', 'decision');
    expect(c.decisionsFor(task.taskId)).toEqual([
      expect.objectContaining({ actorId: 'p-cmo-2', outcome: 'REGISTERED' }),
    ]);
  });
});

describe('need-to-know on notifications', () => {
  it('withholds the escalation at T from a superior recused from the case, while the step is still taken', async () => {
    const c = await world.openCase();
    const task = await leadDisposalTask(c);
    await c.recuse(PEOPLE.caseManagementOfficer, PEOPLE.officerSuperior, 'RELATIVE');
    const [, superior] = escalationSchedule(calendar, DEFAULT_POLICY, Date.parse(task.dueAt));

    await world.sleepUntil(superior.at);
    const overdue = await c.taskWhen(task.taskId, (t) => t.escalationLevel === 1, 'the escalation at T');
    expect(overdue.warningLevel).toBe('overdue');
    await c.readModelAgrees();
    expect(world.activities.notificationsFor(task.taskId).find((n) => n.level === 1)).toMatchObject({
      kind: 'escalation',
      recipientRole: 'superior',
      recipientId: null,
    });
    expect(
      world.activities.notificationsFor(task.taskId).filter((n) => n.recipientId === PEOPLE.officerSuperior),
    ).toEqual([]);
  });
});
