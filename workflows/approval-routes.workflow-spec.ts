import { approversFor, type ParticipantRole, type RouteFacts, type WorkStage } from '../libs/domain/src/case';
import { aCase, PEOPLE } from '../test/builders/case.builder';
import { eventually, type CaseDriver } from '../test/support/case-driver';
import { caseWorld } from '../test/support/case-world';

/**
 * Issue 12 §2: every approval edge of every stage goes to the person the table names (DOMAIN §2), for an
 * ordinary subject and for a cadre of the same-level committee.
 */
const world = caseWorld();

const HOLDER: Record<ParticipantRole, string> = {
  caseManagementOfficer: PEOPLE.caseManagementOfficer,
  caseOfficer: PEOPLE.caseOfficer,
  leaderInCharge: PEOPLE.leaderInCharge,
  principalLeader: PEOPLE.principalLeader,
  trialReviewer: PEOPLE.trialReviewers[0],
  standingCommittee: PEOPLE.principalLeader,
  appealHandler: PEOPLE.appealHandler,
  partyCommitteePrincipalLeader: PEOPLE.partyCommitteeSecretary,
  higherCommissionLeader: PEOPLE.higherCommissionLeader,
};

/** Proposes `outcome` and approves level by level, checking who holds each level. */
async function approveAlongRoute(c: CaseDriver, stage: WorkStage, outcome: string, facts: RouteFacts): Promise<void> {
  await c.decide(stage, 'decision', outcome);
  let previous = '';
  for (const role of approversFor(stage, facts)) {
    const task = await eventually(async () => {
      const t = await c.openTask(stage, 'approval');
      return t.taskId !== previous ? t : undefined;
    }, `the ${role} approval of ${stage}`);
    expect({ stage, role, assigneeId: task.assigneeId }).toEqual({ stage, role, assigneeId: HOLDER[role] });
    await c.submit(task, 'APPROVE');
    previous = task.taskId;
  }
}

const PATH: [WorkStage, string][] = [
  ['clueDisposal', 'TALK_OR_LETTER'],
  ['talkOrLetter', 'PRELIM_VERIFY'],
  ['preliminaryVerification', 'FILE_CASE'],
  ['filing', 'FILED'],
  ['investigation', 'TO_TRIAL'],
  ['trialReview', 'AGREE'],
];

describe('approval routes as DOMAIN §2 gives them', () => {
  it.each([
    ['an ordinary subject', aCase],
    ['a cadre of the same-level committee', () => aCase().ofCommitteeCadre()],
  ])('routes every approval of %s to the holder the table names', async (_name, build) => {
    const builder = build();
    const facts = { subjectManagedBySameLevelCommittee: builder.build().subjectManagedBySameLevelCommittee };
    const c = await world.openCase(builder);
    await c.decide('intake', 'decision', 'REGISTERED');
    for (const [stage, outcome] of PATH) await approveAlongRoute(c, stage, outcome, facts);
    await c.complete('sanction', 'WARNING', PEOPLE.standingCommittee.slice(0, 3));
    await approveAlongRoute(c, 'closing', 'CLOSED', facts);
    await c.waitForStage('appealWindow');
    await c.registerAppeal(PEOPLE.caseManagementOfficer);
    await approveAlongRoute(c, 'appealReview', 'UPHELD', facts);
    await c.waitForStage('concluded');
  });
});
