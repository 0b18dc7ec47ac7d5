import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  ParentClosePolicy,
  patched,
  setHandler,
  startChild,
  workflowInfo,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import {
  CaseFailure,
  decideRectificationRecheck,
  getRectificationList,
  rectificationItemChanged,
  submitDecision,
  rectificationItemWorkflowId,
  type DecisionInput,
  type RectificationItemInput,
  type RectificationItemSpec,
  type RectificationItemSummary,
  type RectificationListHeader,
  type RectificationListInput,
  type RectificationListView,
  type RectificationRecheckInput,
} from '@shuangcha/contracts';
import { policyByVersion } from '@shuangcha/domain/policy';
import { endOfShanghaiDay } from '@shuangcha/domain/calendar';
import { daysOverdue, listCompletion, type ReopenedItem } from '@shuangcha/domain/rectification';
import { persist } from './engine/activities';
import { AuditTrail } from './engine/audit-trail';
import { copyOf } from './engine/copy';
import { iso, rejectUnsafeText } from './engine/task-board';
import { VirtualClock } from './engine/virtual-clock';
import { rectificationItem } from './rectification-item.workflow';
import { ListRecheck, RECHECK_STAGE } from './rectification/list-recheck';
import { rectificationRoutes } from './rectification/routes';

/** `rectify_recheck_after` after completion the commission re-checks the list and may reopen items (issue 12 §6). */
const RECHECK_PATCH = 'rectification-from-findings-recheck';

/** What a continued run needs besides its input: one compact summary per item, so this stays small for 300 items. */
export interface RectificationListCarry {
  epochMs: number;
  items: RectificationItemSummary[];
  projectionVersion: number;
  auditStep: number;
  /** Re-check rounds held so far; absent on runs from before the re-check. */
  recheckRound?: number;
}

/** Children are started in batches: each start is a command and an event, and a batch keeps one workflow task small. */
const START_BATCH = 25;

/**
 * 问题清单: one problem list (DOMAIN §6), standalone (inspection-tour feedback) or started by a case for
 * its findings. Complete only when every item is signed off (有一件改一件成一件).
 *
 * One child workflow per item, not items as state in this workflow. A list has up to a few hundred
 * items, each with reminders, up to five escalation steps, progress reports every month for months,
 * submissions, verifications and reopenings: each step is several activities (audit, projections,
 * notifications), so one list-sized history would pass Temporal's 50 k event / 50 MB limit. The
 * TaskBoard also keeps its audit and projection counters in memory, so it cannot be carried across
 * continue-as-new. Per item, a history stays in the hundreds of events for the item's whole life, and
 * updates go straight to `rectification-${listNo}/item-${itemKey}`. This workflow keeps only one compact
 * summary per item, fed by the children's signals, and continues as new when the server suggests it.
 * Children use ParentClosePolicy.ABANDON because continue-as-new closes this run; they signal the list by
 * workflow id, which always reaches the current run.
 */
export async function rectificationList(
  input: RectificationListInput,
  carry?: RectificationListCarry,
): Promise<{ status: 'COMPLETED'; items: number }> {
  const { workflowId, startTime } = workflowInfo();
  const policy = policyByVersion(input.policyVersion);
  const epochMs = carry?.epochMs ?? startTime.getTime();
  const clock = new VirtualClock(epochMs, policy.timeScale);
  let projectionVersion = carry?.projectionVersion ?? 0;
  const trail = new AuditTrail(workflowId, workflowId, clock, carry?.auditStep ?? 0);
  const items = new Map<string, RectificationItemSummary>((carry?.items ?? []).map((s) => [s.itemKey, s]));
  let status: 'OPEN' | 'COMPLETED' = 'OPEN';
  let completedAtMs: number | null = null;
  let dirty = false;

  const audit = (action: string, actorId: string | null, after: Record<string, unknown>) =>
    trail.append(action, actorId, after);
  const completion = () => listCompletion([...items.values()]);
  const recheck = new ListRecheck(
    { workflowId, input, policy, clock, trail, items: () => [...items.values()] },
    carry?.recheckRound ?? 0,
  );
  const header = (): RectificationListHeader => ({
    listId: workflowId,
    listNo: input.listNo,
    source: input.source,
    sourceCaseId: input.sourceCaseId,
    supervisingBodyId: input.supervisingBodyId,
    status,
    openedAt: iso(epochMs),
    completedAt: completedAtMs === null ? null : iso(completedAtMs),
  });
  const project = async () => {
    dirty = false;
    projectionVersion += 1;
    const c = completion();
    await persist.projectRectificationList({
      ...header(),
      policyVersion: input.policyVersion,
      openedBy: input.openedBy,
      itemCount: c.total,
      signedOffCount: c.signedOff,
      clockEpochAt: iso(epochMs),
      timeScale: policy.timeScale,
      projectionVersion,
    });
  };

  setHandler(rectificationItemChanged, (summary) => {
    const known = items.get(summary.itemKey);
    if (known && known.version >= summary.version) return;
    items.set(summary.itemKey, summary);
    dirty = true;
  });
  setHandler(decideRectificationRecheck, (d) => recheck.apply(d), {
    validator: (d) => {
      rejectUnsafeText(d);
      recheck.validate(d);
    },
  });
  // The re-check task sits in the verifier's inbox, whose decisions arrive as submitDecision: CONFIRM there,
  // REOPEN (which names items) through decideRectificationRecheck.
  const asRecheck = (d: DecisionInput): RectificationRecheckInput => ({
    taskId: d.taskId,
    taskVersion: d.taskVersion,
    actorId: d.actorId,
    outcome: d.outcome as RectificationRecheckInput['outcome'],
    reopen: [],
    comment: d.comment,
  });
  setHandler(submitDecision, async (d) => ({ ...(await recheck.apply(asRecheck(d))), stage: RECHECK_STAGE }), {
    validator: (d) => {
      rejectUnsafeText(d);
      recheck.validate(asRecheck(d));
    },
  });
  setHandler(getRectificationList, (): RectificationListView => {
    const now = clock.now();
    return copyOf({
      ...header(),
      completion: completion(),
      recheck: recheck.view(),
      items: [...items.values()].map((s) => {
        const days = daysOverdue(
          {
            state: s.state,
            dueAtMs: Date.parse(s.dueAt),
            submission: s.submittedAt ? { atMs: Date.parse(s.submittedAt) } : null,
          },
          now,
        );
        return { ...s, overdue: days > 0, daysOverdue: days };
      }),
    });
  });

  if (!carry) {
    const problems = listProblems(input);
    if (problems.length > 0) {
      throw ApplicationFailure.create({
        type: CaseFailure.InvalidRectificationList,
        message: problems.join('; '),
        nonRetryable: true,
      });
    }
    for (const spec of input.items) {
      items.set(spec.itemKey, {
        itemKey: spec.itemKey,
        workflowId: rectificationItemWorkflowId(workflowId, spec.itemKey),
        responsiblePersonId: spec.responsiblePersonId,
        responsibleUnitId: spec.responsibleUnitId,
        state: 'OPEN',
        dueAt: spec.dueAt,
        submittedAt: null,
        signedOffAt: null,
        reopenCount: 0,
        flaggedToSupervisors: false,
        escalationLevel: 0,
        accountabilitySuggested: false,
        version: 0,
      });
    }
    await audit('RECTIFICATION_LIST_OPENED', input.openedBy, {
      listNo: input.listNo,
      source: input.source,
      sourceCaseId: input.sourceCaseId,
      items: input.items.map((i) => i.itemKey),
      requestKey: input.requestKey,
    });
    await project();
    for (let i = 0; i < input.items.length; i += START_BATCH) {
      await Promise.all(
        input.items.slice(i, i + START_BATCH).map((spec) =>
          startChild(rectificationItem, {
            workflowId: rectificationItemWorkflowId(workflowId, spec.itemKey),
            parentClosePolicy: ParentClosePolicy.ABANDON,
            workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
            args: [itemInput(spec)],
          }),
        ),
      );
    }
  }

  for (;;) {
    for (;;) {
      await condition(() => dirty || workflowInfo().continueAsNewSuggested);
      if (dirty) await project();
      if (completion().complete) break;
      if (workflowInfo().continueAsNewSuggested) {
        await condition(allHandlersFinished);
        // The item texts go along: a re-check may reopen an item, whose new run needs them.
        await continueAsNew<typeof rectificationList>(
          { ...input, items: input.items },
          {
            epochMs,
            items: [...items.values()],
            projectionVersion,
            auditStep: trail.lastStep,
            recheckRound: recheck.round,
          },
        );
      }
    }
    status = 'COMPLETED';
    completedAtMs = clock.now();
    await audit('RECTIFICATION_LIST_COMPLETED', null, { items: items.size });
    await project();
    if (!patched(RECHECK_PATCH)) break;
    const reopen = await recheck.run(completedAtMs);
    if (reopen.length === 0) break;
    await reopenItems(reopen);
  }
  await condition(allHandlersFinished);
  return { status: 'COMPLETED', items: items.size };

  /** What an item's run starts with; a run the re-check reopened also says which round reopened it. */
  function itemInput(
    item: RectificationItemSpec,
    reopened?: RectificationItemInput['reopened'],
  ): RectificationItemInput {
    return {
      listId: workflowId,
      listNo: input.listNo,
      epochMs,
      policyVersion: input.policyVersion,
      participants: input.participants,
      item,
      ...(reopened && { reopened }),
    };
  }

  /** The re-check's REOPEN: each named item starts a new run under its id, IN_PROGRESS on its new due date. */
  async function reopenItems(reopen: ReopenedItem[]): Promise<void> {
    const runs: { spec: RectificationItemSpec; summary: RectificationItemSummary }[] = [];
    for (const r of reopen) {
      const known = items.get(r.itemKey);
      const spec = input.items.find((i) => i.itemKey === r.itemKey);
      if (!known || !spec) continue;
      const dueAt = iso(endOfShanghaiDay(r.dueDate));
      const summary: RectificationItemSummary = {
        ...known,
        state: 'IN_PROGRESS',
        dueAt,
        submittedAt: null,
        signedOffAt: null,
        reopenCount: known.reopenCount + 1,
        escalationLevel: 0,
        accountabilitySuggested: false,
        version: known.version,
      };
      items.set(r.itemKey, summary);
      runs.push({ spec: { ...spec, dueAt }, summary });
    }
    status = 'OPEN';
    completedAtMs = null;
    await audit('RECTIFICATION_ITEMS_REOPENED', null, {
      round: recheck.round,
      items: runs.map((r) => ({ itemKey: r.spec.itemKey, dueAt: r.spec.dueAt })),
    });
    await project();
    for (const { spec, summary } of runs) {
      await startChild(rectificationItem, {
        workflowId: summary.workflowId,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        // The signed-off run closed; the item's id takes a new run, so its Updates and queries still reach it.
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
        args: [itemInput(spec, { round: recheck.round, reopenCount: summary.reopenCount, version: summary.version })],
      });
    }
  }
}

/** Checks the gateway has already made; repeated here because a case starts lists without the gateway. */
function listProblems(input: RectificationListInput): string[] {
  const problems: string[] = [];
  if (input.items.length === 0) problems.push('a problem list needs at least one item');
  const keys = new Set<string>();
  const routes = rectificationRoutes(input.participants);
  for (const item of input.items) {
    if (keys.has(item.itemKey)) problems.push(`duplicate itemKey ${item.itemKey}`);
    keys.add(item.itemKey);
    if (Number.isNaN(Date.parse(item.dueAt))) problems.push(`item ${item.itemKey} has no valid dueAt`);
    if (routes.verifiersFor(item.responsiblePersonId).length === 0) {
      problems.push(`item ${item.itemKey}: no verifier other than its responsible person (DOMAIN §6)`);
    }
  }
  return problems;
}
