import { registerAppeal } from '../libs/contracts/src';
import { PEOPLE } from '../test/builders/case.builder';
import { CaseDriver, rejectionOf } from '../test/support/case-driver';
import { caseWorld } from '../test/support/case-world';

/**
 * Issue 12 §1: government sanctions (政务处分) alone or with a party sanction, organisational handling and the
 * transfer to the procuratorate are outcomes of the sanction and closing stages; an appeal against a
 * government sanction goes to re-examination (复审), then on application to review (复核) one level up.
 */
const world = caseWorld();
const voters = PEOPLE.standingCommittee.slice(0, 3);

async function toSanction(investigationOutcome: 'TO_TRIAL' | 'CRIME_SUSPECTED'): Promise<CaseDriver> {
  const c = await world.openCase();
  await c.decide('intake', 'decision', 'REGISTERED');
  await c.complete('clueDisposal', 'PRELIM_VERIFY');
  await c.complete('preliminaryVerification', 'FILE_CASE');
  await c.complete('filing', 'FILED');
  await c.complete('investigation', investigationOutcome);
  await c.complete('trialReview', 'AGREE');
  return c;
}

const appeal = (c: CaseDriver, against?: 'partySanction' | 'governmentSanction') =>
  c.child().executeUpdate(registerAppeal, {
    args: [
      {
        actorId: PEOPLE.caseManagementOfficer,
        reason: 'the subject disputes the facts',
        filedOn: '2026-12-01',
        ...(against && { against }),
      },
    ],
  });

describe('sanctions as the regulations have them', () => {
  it('records a party and a government sanction together and refuses a transfer without a suspected crime', async () => {
    const c = await toSanction('TO_TRIAL');
    const vote = await c.openTask('sanction', 'collectiveDecision');
    expect(vote.allowedOutcomes).toEqual(
      expect.arrayContaining(['GOV_WARNING', 'GOV_EXPULSION', 'EXPULSION+GOV_EXPULSION', 'ORG_HANDLING']),
    );
    await c.complete('sanction', 'EXPULSION+GOV_EXPULSION', voters);
    const closing = await c.openTask('closing', 'decision');
    await expect(rejectionOf(c.submit(closing, 'TRANSFER_TO_PROCURATORATE'))).resolves.toBe('InvalidDecision');
    await c.complete('closing', 'CLOSED');
    await c.waitForStage('appealWindow');
    // Both were decided: an appeal says which one it is against, and the party one takes the party route.
    await appeal(c, 'partySanction');
    await c.openTask('appealReview', 'decision');
  });

  it('transfers a suspected crime to the procuratorate and routes the government sanction’s appeal to re-examination, then review', async () => {
    const c = await toSanction('CRIME_SUSPECTED');
    await c.complete('sanction', 'GOV_DISMISSAL', voters);
    await c.complete('closing', 'TRANSFER_TO_PROCURATORATE');
    await c.waitForStage('appealWindow');
    await expect(rejectionOf(appeal(c, 'partySanction'))).resolves.toBe('InvalidDecision');
    await appeal(c);
    const reexamination = await c.openTask('reexamination', 'decision');
    expect(reexamination.assigneeId).toBe(PEOPLE.appealHandler);
    await c.submit(reexamination, 'UPHELD');
    await c.decide('reexamination', 'approval', 'APPROVE');
    await c.waitForStage('reviewWindow');
    await appeal(c);
    const review = await c.openTask('review', 'decision');
    expect(review.assigneeId).toBe(PEOPLE.higherCommissionLeader);
    await c.submit(review, 'MODIFIED');
    await expect(c.child().result()).resolves.toEqual({
      finalOutcome: 'GOV_DISMISSAL',
      sanction: 'GOV_DISMISSAL',
      appealed: true,
      appealOutcome: 'MODIFIED',
    });
    const stages = (await c.state()).timeline.filter((e) => e.action === 'STAGE_ENTERED').map((e) => e.stage);
    expect(stages.slice(-5)).toEqual(['appealWindow', 'reexamination', 'reviewWindow', 'review', 'concluded']);
  });
});
