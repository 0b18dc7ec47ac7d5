import { submitDecision } from '../libs/contracts/src';
import { chineseDaysSchedules, HolidayCalendar, shanghaiLocalDate } from '../libs/domain/src/calendar';
import { dueDateFrom } from '../libs/domain/src/deadline';
import { aCase } from '../test/builders/case.builder';
import { caseWorld } from '../test/support/case-world';
import { CaseDriver, eventually, rejectionOf, type Task } from '../test/support/case-driver';

/**
 * Issue 12 §4a: the lead's receipt and each decision carry the day they happened; time limits count from
 * those days, a day in the future or before the previous step is refused, and the case's deadline is set
 * as soon as its first task opens.
 */
const world = caseWorld();
const calendar = HolidayCalendar.fromSchedules(chineseDaysSchedules(2004, 2100));
const DAY_MS = 86_400_000;

/** Shanghai dates relative to the test server's clock, which is where case time starts. */
async function daysAgo(days: number): Promise<string> {
  return shanghaiLocalDate((await world.env.currentTimeMs()) - days * DAY_MS);
}

const openCase = (leadReceivedOn: string) => world.openCase(aCase().withLeadReceivedOn(leadReceivedOn));

function decideOn(c: CaseDriver, task: Task, outcome: string, decidedOn: string, teamIds?: string[]) {
  return c.child().executeUpdate(submitDecision, {
    args: [
      {
        taskId: task.taskId,
        taskVersion: task.version,
        actorId: task.assigneeId,
        outcome,
        comment: `${outcome} by test`,
        basis: [],
        decidedOn,
        ...(teamIds && { teamIds }),
      },
    ],
  });
}

describe('dates of record', () => {
  it('counts the intake limit from the day the lead was received and sets the case deadline from that first task', async () => {
    const received = await daysAgo(6);
    const c = await openCase(received);
    const intake = await c.openTask('intake', 'decision');
    expect(intake.dueAt).toBe(new Date(dueDateFrom(calendar, received, 5, 'wd').dueAtMs).toISOString());
    const caseState = await eventually(async () => {
      const state = await c.caseState();
      return state.deadlineAt === intake.dueAt ? state : undefined;
    }, 'the case deadline set from the intake task');
    expect(caseState.leadReceivedOn).toBe(received);
  });

  it('refuses a decision dated in the future or before the previous step, and changes nothing', async () => {
    const received = await daysAgo(6);
    const c = await openCase(received);
    const intake = await c.openTask('intake', 'decision');
    for (const decidedOn of [await daysAgo(-1), await daysAgo(7)]) {
      await expect(rejectionOf(decideOn(c, intake, 'REGISTERED', decidedOn))).resolves.toBe('InvalidDecision');
    }
    const after = await c.task(intake.taskId);
    expect(after).toMatchObject({ status: 'OPEN', version: intake.version });
  });

  // Dates of record a few days back keep every task within its limit: an intake already overdue when it
  // opens fires its escalations in the activation that answers the Update, which the time-skipping server
  // (1.32.1) sometimes refuses ("invalid history builder state for action") and the test then hangs.
  it('counts the next stage from the day the decision was taken and shows that day on the timeline', async () => {
    const received = await daysAgo(3);
    const c = await openCase(received);
    const registeredOn = await daysAgo(2);
    await decideOn(c, await c.openTask('intake', 'decision'), 'REGISTERED', registeredOn);
    const disposal = await c.openTask('clueDisposal', 'decision');
    expect(disposal.dueAt).toBe(new Date(dueDateFrom(calendar, registeredOn, 1, 'm').dueAtMs).toISOString());

    const proposedOn = await daysAgo(1);
    await decideOn(c, disposal, 'PRELIM_VERIFY', proposedOn, c.team);
    await c.openTask('clueDisposal', 'approval');
    const timeline = (await c.state()).timeline;
    expect(timeline).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ stage: 'intake', action: 'PROPOSED', decidedOn: registeredOn }),
        expect.objectContaining({ stage: 'clueDisposal', action: 'PROPOSED', decidedOn: proposedOn }),
      ]),
    );
  });
});
