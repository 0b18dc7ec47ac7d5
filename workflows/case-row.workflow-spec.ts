import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import type { WorkflowHandle } from '@temporalio/client';
import type { CaseProjection, ChildProgress } from '../libs/contracts/src';
import { shanghaiLocalDate } from '../libs/domain/src/calendar';
import { aCase, PEOPLE } from '../test/builders/case.builder';
import { eventually } from '../test/support/case-driver';
import { caseWorld } from '../test/support/case-world';
import { testDataConverter } from '../test/support/payload-keys';

const world = caseWorld();

/** The decoded payloads of the history events `pick` selects, in history order. */
async function payloadsIn<T>(
  handle: WorkflowHandle,
  pick: (
    event: NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number],
  ) => Payload | undefined,
): Promise<T[]> {
  const history = await handle.fetchHistory();
  const picked = (history.events ?? []).flatMap((e) => {
    const payload = pick(e);
    return payload ? [payload] : [];
  });
  const [codec] = testDataConverter().payloadCodecs;
  const decoded = await codec!.decode(picked);
  return decoded.map((p) => defaultPayloadConverter.fromPayload<T>(p));
}

describe('the case row shows both halves of one case, two investigations', () => {
  it('takes the nearer deadline of the two investigations while both run', async () => {
    const c = await world.openCase(
      aCase().withMisconduct('u-unit-a', [PEOPLE.subject], [{ from: '2019-01-01', to: '2019-12-31' }], []),
    );
    await c.complete('intake', 'REGISTERED');
    await c.complete('clueDisposal', 'PRELIM_VERIFY');
    await c.complete('preliminaryVerification', 'FILE_CASE');
    await c.complete('filing', 'FILED');
    // The investigation has 90 days; the trace-back's first step is due sooner.
    const investigation = await c.openTask('investigation', 'decision');
    await c.decideDualInvestigation(PEOPLE.principalLeader, 'TRIGGER');
    const confirmation = await c.openTask('candidateConfirmation', undefined, 'trace-back');
    expect(Date.parse(confirmation.dueAt)).toBeLessThan(Date.parse(investigation.dueAt));

    const row = await eventually(async () => {
      const r = world.activities.cases.get(c.caseId);
      return r?.deadlineAt === confirmation.dueAt ? r : undefined;
    }, 'the case row with the trace-back deadline');
    expect(row.stage).toBe('investigation');
  });

  it('shows an overdue accountability investigation on the case row after the violation investigation concluded', async () => {
    const c = await world.openCase(
      aCase().withMisconduct('u-unit-a', [PEOPLE.subject], [{ from: '2018-01-01', to: '2018-12-31' }], []),
    );
    await c.openTask('intake', 'decision');
    await c.decideDualInvestigation(PEOPLE.principalLeader, 'TRIGGER');
    const confirmation = await c.openTask('candidateConfirmation', undefined, 'trace-back');
    await c.complete('intake', 'TRANSFERRED');
    await eventually(async () => {
      const s = await c.caseState();
      return s.stage === 'awaitingAccountability' ? s : undefined;
    }, 'the violation investigation concluded');

    await world.sleepUntil(Date.parse(confirmation.dueAt));

    const row = await eventually(async () => {
      const r = world.activities.cases.get(c.caseId);
      return r?.overdue ? r : undefined;
    }, 'the case row overdue with the trace-back');
    expect(row).toMatchObject({ stage: 'awaitingAccountability', status: 'OPEN', deadlineAt: confirmation.dueAt });
    const state = await c.caseState();
    expect(state.overdue).toBe(true);
    expect(state.escalationLevel).toBeGreaterThanOrEqual(1);
  });

  it('numbers the progress reports of the trace-back like those of the violation investigation', async () => {
    const c = await world.openCase(
      aCase().withMisconduct('u-unit-a', [PEOPLE.subject], [{ from: '2017-01-01', to: '2017-12-31' }], []),
    );
    await c.openTask('intake', 'decision');
    await c.decideDualInvestigation(PEOPLE.principalLeader, 'TRIGGER');
    await c.openTask('candidateConfirmation', undefined, 'trace-back');

    const [codec] = testDataConverter().payloadCodecs;
    const reports = await eventually(async () => {
      const history = await c.child('trace-back').fetchHistory();
      const sent = (history.events ?? []).flatMap((e) => {
        const a = e.signalExternalWorkflowExecutionInitiatedEventAttributes;
        return a?.signalName === 'childProgress' ? [a.input?.payloads?.[0] as Payload] : [];
      });
      const decoded = await codec!.decode(sent);
      const progress = decoded.map((p) => defaultPayloadConverter.fromPayload<ChildProgress>(p));
      return progress.length >= 2 ? progress : undefined;
    }, 'two progress reports of the trace-back');
    expect(reports.map((r) => r.role)).toEqual(reports.map(() => 'traceBack'));
    expect(reports.map((r) => r.seq)).toEqual(reports.map((_, i) => i + 1));
  });

  it('writes the case row, its search attributes and the progress reports only when what they carry changed', async () => {
    const c = await world.openCase(
      aCase().withMisconduct('u-unit-a', [PEOPLE.subject], [{ from: '2016-01-01', to: '2016-12-31' }], []),
    );
    await c.complete('intake', 'REGISTERED');
    await c.complete('clueDisposal', 'PRELIM_VERIFY');
    await c.complete('preliminaryVerification', 'FILE_CASE');
    await c.complete('filing', 'FILED');
    const investigation = await c.openTask('investigation', 'decision');
    await eventually(async () => {
      const r = world.activities.cases.get(c.caseId);
      return r?.stage === 'investigation' && r.deadlineAt === investigation.dueAt ? r : undefined;
    }, 'the case row in the investigation with its due date');

    const reports = await payloadsIn<ChildProgress>(c.child(), (e) => {
      const a = e.signalExternalWorkflowExecutionInitiatedEventAttributes;
      return a?.signalName === 'childProgress' ? (a.input?.payloads?.[0] as Payload) : undefined;
    });
    const standing = ({ stage, deadlineAt, overdue, escalationLevel, concluded }: ChildProgress) =>
      JSON.stringify({ stage, deadlineAt, overdue, escalationLevel, concluded });
    // A report without a timeline entry moves something on the row, and never only clears the due date.
    reports.forEach((r, i) => {
      if (i === 0 || r.timelineEntry) return;
      expect(standing(r)).not.toBe(standing(reports[i - 1]!));
      expect(r.deadlineAt).not.toBeNull();
    });

    const rows = await payloadsIn<CaseProjection>(c.case, (e) => {
      const a = e.activityTaskScheduledEventAttributes;
      return a?.activityType?.name === 'projectCase' ? (a.input?.payloads?.[0] as Payload) : undefined;
    });
    const content = ({ lastActivityAt, projectionVersion: _version, ...row }: CaseProjection) =>
      JSON.stringify([row, shanghaiLocalDate(Date.parse(lastActivityAt))]);
    rows.forEach((row, i) => {
      if (i > 0) expect(content(row)).not.toBe(content(rows[i - 1]!));
    });
    const history = await c.case.fetchHistory();
    const signals = (history.events ?? []).filter(
      (e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'childProgress',
    ).length;
    expect(rows.length).toBeLessThan(signals);

    const upserts = (history.events ?? []).flatMap((e) => {
      const fields = e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields;
      if (!fields?.CaseStage) return [];
      return [JSON.stringify(Object.entries(fields).map(([k, v]) => [k, Buffer.from(v.data ?? []).toString()]))];
    });
    upserts.forEach((u, i) => {
      if (i > 0) expect(u).not.toBe(upserts[i - 1]);
    });
    expect(upserts.length).toBeGreaterThan(1);
  });
});
