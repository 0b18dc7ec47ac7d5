import { proxyActivities, proxyLocalActivities, type ActivityOptions } from '@temporalio/workflow';
import { CaseFailure, type CalendarActivities, type CaseActivities } from '@shuangcha/contracts';

/**
 * Every activity proxy a workflow uses, with one set of timeouts and retries. A write retries with backoff
 * for as long as the database is away; only a failure no retry can fix stops it (the type named here, or
 * a write the database refuses, which the activity itself marks non-retryable).
 */
const RETRY: ActivityOptions['retry'] = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' };
const TIMEOUT = '30s';

/** Read-model and audit writes of a case or list. */
export const persist = proxyActivities<CaseActivities>({
  startToCloseTimeout: TIMEOUT,
  retry: { ...RETRY, nonRetryableErrorTypes: [CaseFailure.CaseMissing] },
});

/** The trace-back's reads of the org model: without an org model nobody can be traced, so it fails at once. */
export const orgModel = proxyActivities<CaseActivities>({
  startToCloseTimeout: TIMEOUT,
  retry: { ...RETRY, nonRetryableErrorTypes: [CaseFailure.OrgModelMissing] },
});

/** Holiday schedules reach workflows through an activity so replays never depend on the package version. */
export const calendarActivities = proxyActivities<CalendarActivities>({ startToCloseTimeout: TIMEOUT, retry: RETRY });

/**
 * The decision's own commit runs in the worker that holds the workflow, without a round trip through the
 * server to schedule it: the Update is answered in the workflow task that accepted it (issue 17). It is
 * idempotent by key like every write, so a retry or a rerun after a crash stores nothing twice.
 */
export const commitLocally = proxyLocalActivities<Pick<CaseActivities, 'commitDecision'>>({
  startToCloseTimeout: TIMEOUT,
  retry: { ...RETRY, nonRetryableErrorTypes: [CaseFailure.CaseMissing] },
});

/**
 * `commitLocally` whose retries wait on a workflow timer instead of inside the
 * workflow task: the task then completes, so Temporal records the Update's acceptance while the database
 * is away and the gateway can say the decision was accepted (issue 15 §2). Inside the task, a local
 * activity would hold the acceptance back for as long as the commit keeps failing.
 */
export const commitAcceptingFirst = proxyLocalActivities<Pick<CaseActivities, 'commitDecision'>>({
  startToCloseTimeout: TIMEOUT,
  localRetryThreshold: '500ms',
  retry: { ...RETRY, nonRetryableErrorTypes: [CaseFailure.CaseMissing] },
});
