import { condition } from '@temporalio/workflow';
import { daysOverdue, nextAlarm } from '@shuangcha/domain/rectification';
import { persist } from '../engine/activities';
import { iso } from '../engine/task-board';
import type { RectificationItemState } from './item-state';

/** Timers nobody waits on a person for: missing progress reports and the accountability suggestion. */
export async function watchAlarms(state: RectificationItemState): Promise<void> {
  const { board, clock, input, workflowId } = state;
  while (state.item.state !== 'VERIFIED_CLOSED') {
    const seen = state.version;
    const alarm = nextAlarm(state.item, state.policy.rectification, state.remindedUpToMs);
    if (!alarm) {
      await condition(() => state.version !== seen);
      continue;
    }
    if (await condition(() => state.version !== seen, clock.delayUntil(alarm.atMs))) continue;
    const now = clock.now();
    if (alarm.kind === 'progressReportDue') {
      state.remindedUpToMs = alarm.atMs;
      await persist.recordNotification({
        notificationKey: `${workflowId}:progress-report-due:${alarm.atMs}`,
        caseId: input.listId,
        taskId: state.workTask?.taskId ?? '',
        kind: 'reminder',
        level: 0,
        recipientRole: 'responsiblePerson',
        recipientId: state.item.responsiblePersonId,
        at: iso(now),
      });
      await board.audit('RECTIFICATION_PROGRESS_REPORT_DUE', null, {
        itemKey: state.item.itemKey,
        dueAt: iso(alarm.atMs),
      });
      continue;
    }
    const item = { ...state.item, accountabilitySuggestedAtMs: now };
    state.item = item;
    await persist.recordAccountabilitySuggestion({
      suggestionKey: `${workflowId}:accountability-suggestion`,
      listId: input.listId,
      itemKey: item.itemKey,
      responsibleUnitId: item.responsibleUnitId,
      responsiblePersonId: item.responsiblePersonId,
      dueAt: iso(item.dueAtMs),
      daysOverdue: daysOverdue(item, now),
      suggestedAt: iso(now),
    });
    await board.audit('ACCOUNTABILITY_SUGGESTED', null, {
      itemKey: state.item.itemKey,
      daysOverdue: daysOverdue(state.item, now),
      responsibleUnitId: state.item.responsibleUnitId,
    });
    await state.publish();
  }
}
