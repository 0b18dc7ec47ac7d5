import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import type { ChildProgress } from '../libs/contracts/src';
import { aCase, PEOPLE } from '../test/builders/case.builder';
import { eventually } from '../test/support/case-driver';
import { caseWorld } from '../test/support/case-world';
import { testDataConverter } from '../test/support/payload-keys';

const world = caseWorld();

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
});
