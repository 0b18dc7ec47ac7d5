import { allHandlersFinished, condition } from '@temporalio/workflow';
import type { RectificationItemInput, RectificationItemResult } from '@shuangcha/contracts';
import { HolidayCalendar } from '@shuangcha/domain/calendar';
import { calendarActivities } from './engine/activities';
import { iso } from './engine/task-board';
import { watchAlarms } from './rectification/item-alarms';
import { registerRectificationItemHandlers } from './rectification/item-handlers';
import { RectificationItemState, VERIFICATION_STAGE } from './rectification/item-state';

/**
 * 整改: one item of a problem list, from assignment to sign-off (销号), DOMAIN §6. The responsible person
 * holds a task due on the item's own date (reminders, escalation, extensions by the TaskBoard); reporting
 * done opens a verification task for the commission; a failed verification reopens the item with a new
 * task on the same date. Progress reports are expected every `reportIntervalDays`, and an item
 * `overdueToAccountabilityDays` past due becomes a suggestion for a new accountability case.
 *
 * Audit entries go to the list's chain (caseId = list workflow id) under this workflow's own keys.
 */
export async function rectificationItem(input: RectificationItemInput): Promise<RectificationItemResult> {
  const calendar = HolidayCalendar.fromSchedules(await calendarActivities.loadHolidaySchedules());
  const state = new RectificationItemState(input, calendar);
  registerRectificationItemHandlers(state);
  const { board, routes } = state;

  await board.audit('RECTIFICATION_ITEM_OPENED', null, {
    itemKey: state.item.itemKey,
    responsiblePersonId: state.item.responsiblePersonId,
    dueAt: iso(state.item.dueAtMs),
  });
  let work = await state.openWorkTask();
  await state.publish();
  const alarms = watchAlarms(state);

  for (;;) {
    // Returns at once when the item was reported done while the task was still being opened.
    await board.awaitOutcome(work);
    const verification = await board.open({
      stage: VERIFICATION_STAGE,
      kind: 'decision',
      title: `Verify item ${state.item.itemKey} of list ${input.listNo}`,
      route: routes.verifiersFor(state.item.responsiblePersonId),
      candidateRole: 'verifier',
      allowedOutcomes: ['PASS', 'FAIL'],
      limitKey: 'approval',
    });
    await board.awaitOutcome(verification);
    if (state.item.state === 'VERIFIED_CLOSED') break;
    // Reopened: the work goes back on the item's own date; a failed check buys no time.
    work = await state.openWorkTask();
    await state.publish();
  }
  await board.drain();
  await alarms;
  await condition(allHandlersFinished);
  await state.publish();
  return { itemKey: state.item.itemKey, state: state.item.state, version: state.version };
}
