import { approversFor, type ParticipantRole, type RouteFacts, type WorkStage } from '../libs/domain/src/case';
import { aCase, PEOPLE } from '../test/builders/case.builder';
import { eventually, rejectionOf, type CaseDriver } from '../test/support/case-driver';
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
  // The proposal is the first reviewer's; the trialReviewer approval level is the second reviewer's co-review.
  trialReviewer: PEOPLE.trialReviewers[1],
  trialOfficeDirector: PEOPLE.trialOfficeDirector,
  standingCommittee: PEOPLE.principalLeader,
  appealHandler: PEOPLE.appealHandler,
  partyCommitteePrincipalLeader: PEOPLE.partyCommitteeSecretary,
  higherCommissionLeader: PEOPLE.higherCommissionLeader,
};

/** Proposes `outcome` (the standing committee votes it) and approves level by level, checking who holds each level. */
async function approveAlongRoute(c: CaseDriver, stage: WorkStage, outcome: string, facts: RouteFacts): Promise<void> {
  if (stage === 'sanction') {
    for (const voter of PEOPLE.standingCommittee.slice(0, 3))
      await c.decide(stage, 'collectiveDecision', outcome, { actorId: voter });
  } else await c.decide(stage, 'decision', outcome);
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
    await approveAlongRoute(c, 'sanction', 'WARNING', facts);
    await approveAlongRoute(c, 'closing', 'CLOSED', facts);
    await c.waitForStage('appealWindow');
    await c.registerAppeal(PEOPLE.caseManagementOfficer);
    await approveAlongRoute(c, 'appealReview', 'UPHELD', facts);
    await c.waitForStage('concluded');
  });
});

const TO_TRIAL: [WorkStage, string][] = [
  ['clueDisposal', 'PRELIM_VERIFY'],
  ['preliminaryVerification', 'FILE_CASE'],
  ['filing', 'FILED'],
  ['investigation', 'TO_TRIAL'],
];

/** Takes a case to its trial review, the first reviewer's proposal made. */
async function proposeTrialReview(build = aCase()): Promise<CaseDriver> {
  const c = await world.openCase(build);
  await c.decide('intake', 'decision', 'REGISTERED');
  for (const [stage, outcome] of TO_TRIAL) await c.complete(stage, outcome);
  await c.decide('trialReview', 'decision', 'AGREE');
  return c;
}

describe('trial review (审理) by two reviewers and the director, then the collective decision (WR arts. 55–56)', () => {
  it('takes the first reviewer’s opinion through the second reviewer, the director and the principal leader to the standing committee', async () => {
    const c = await proposeTrialReview();
    for (const approver of [PEOPLE.trialReviewers[1], PEOPLE.trialOfficeDirector, PEOPLE.principalLeader]) {
      const task = await eventually(async () => {
        const t = await c.openTask('trialReview', 'approval');
        return t.assigneeId === approver ? t : undefined;
      }, `the approval of ${approver}`);
      await c.submit(task, 'APPROVE');
    }
    const vote = await c.openTask('sanction', 'collectiveDecision');
    expect(vote.voterIds).toEqual(PEOPLE.standingCommittee);
    const trial = (await c.state()).timeline.filter((e) => e.stage === 'trialReview' && e.action !== 'STAGE_ENTERED');
    expect(trial.map((e) => [e.action, e.actorId])).toEqual([
      ['PROPOSED', PEOPLE.trialReviewers[0]],
      ['APPROVED', PEOPLE.trialReviewers[1]],
      ['APPROVED', PEOPLE.trialOfficeDirector],
      ['APPROVED', PEOPLE.principalLeader],
    ]);
  });

  it('in a two-person trial office has the other reviewer propose, and the director co-review, then sign off', async () => {
    const twoPersonOffice = aCase().withParticipants({
      trialReviewerIds: [PEOPLE.trialOfficeDirector, PEOPLE.trialReviewers[0]],
    });
    const c = await world.openCase(twoPersonOffice);
    await c.decide('intake', 'decision', 'REGISTERED');
    for (const [stage, outcome] of TO_TRIAL) await c.complete(stage, outcome);
    const proposal = await c.openTask('trialReview', 'decision');
    expect(proposal.assigneeId).toBe(PEOPLE.trialReviewers[0]);
    await c.submit(proposal, 'AGREE');
    const coReview = await c.openTask('trialReview', 'approval');
    expect(coReview.assigneeId).toBe(PEOPLE.trialOfficeDirector);
    await c.submit(coReview, 'APPROVE');
    // The co-review is decided, so the open approval is the next level's.
    const signOff = await c.openTask('trialReview', 'approval');
    expect(signOff.assigneeId).toBe(PEOPLE.trialOfficeDirector);
  });

  it('refuses the proposing reviewer’s own co-review: one reviewer alone cannot complete a trial review', async () => {
    const c = await proposeTrialReview();
    const coReview = await c.openTask('trialReview', 'approval');
    expect(coReview.assigneeId).toBe(PEOPLE.trialReviewers[1]);
    expect(await rejectionOf(c.submit(coReview, 'APPROVE', { actorId: PEOPLE.trialReviewers[0] }))).toBe('NotAssignee');
    expect((await c.task(coReview.taskId)).status).toBe('OPEN');
  });

  it('refuses a recused second reviewer and gives the co-review to the next eligible approver, never back to the proposer', async () => {
    const c = await proposeTrialReview();
    const coReview = await c.openTask('trialReview', 'approval');
    await c.recuse(PEOPLE.caseManagementOfficer, PEOPLE.trialReviewers[1], 'WITNESS');
    const rerouted = await c.taskWhen(
      coReview.taskId,
      (t) => t.assigneeId !== PEOPLE.trialReviewers[1],
      'the rerouted co-review',
    );
    expect(rerouted.assigneeId).toBe(PEOPLE.higherCommissionLeader);
    expect(await rejectionOf(c.submit(coReview, 'APPROVE'))).toBe('RecusedApprover');
  });

  it('refuses a recused director and skips to the next eligible approver on the route', async () => {
    const c = await proposeTrialReview();
    await c.recuse(PEOPLE.caseManagementOfficer, PEOPLE.trialOfficeDirector, 'RELATIVE');
    await c.submit(await c.openTask('trialReview', 'approval'), 'APPROVE');
    const director = await eventually(async () => {
      const t = await c.openTask('trialReview', 'approval');
      return t.assigneeId === PEOPLE.deputy2 ? t : undefined;
    }, 'the director level, skipped to the deputy');
    expect(director.history.some((h) => h.action === 'RECUSED_SKIPPED' || h.action === 'RECUSED_REROUTED')).toBe(true);
    expect(await rejectionOf(c.submit(director, 'APPROVE', { actorId: PEOPLE.trialOfficeDirector }))).toBe(
      'RecusedApprover',
    );
  });

  it('skips a member of the investigation team who logged a measure at the trial review and refuses their decision (WR art. 59)', async () => {
    const c = await world.openCase();
    await c.decide('intake', 'decision', 'REGISTERED');
    for (const [stage, outcome] of TO_TRIAL.slice(0, 2)) await c.complete(stage, outcome);
    // The principal leader joins the investigation team and questions a witness (询问, DOMAIN §9 C.4).
    await c.decide('filing', 'decision', 'FILED', { teamIds: [PEOPLE.caseOfficer, PEOPLE.principalLeader] });
    await c.decide('filing', 'approval', 'APPROVE');
    await c.waitForStage('investigation');
    await c.logMeasure({
      actorId: PEOPLE.principalLeader,
      kind: 'QUESTIONING',
      purpose: 'the witness of the 2022 contract',
    });
    await c.complete('investigation', 'TO_TRIAL');
    await c.decide('trialReview', 'decision', 'AGREE');
    for (let i = 0; i < 2; i++) await c.decide('trialReview', 'approval', 'APPROVE');

    const signOff = await eventually(async () => {
      const t = await c.openTask('trialReview', 'approval');
      return t.candidateRole === 'principalLeader' ? t : undefined;
    }, 'the principal leader level of the trial review');
    expect(signOff.assigneeId).toBe(PEOPLE.higherCommissionLeader);
    expect(c.auditFor('APPROVER_SKIPPED_RECUSED').map((e) => e.after)).toContainEqual({
      taskId: signOff.taskId,
      skipped: [PEOPLE.principalLeader],
      assigneeId: PEOPLE.higherCommissionLeader,
    });
    expect(await rejectionOf(c.submit(signOff, 'APPROVE', { actorId: PEOPLE.principalLeader }))).toBe(
      'RecusedApprover',
    );
    expect((await c.task(signOff.taskId)).status).toBe('OPEN');
  });

  it('sends a committee cadre’s sanction from the standing committee’s vote to the party committee', async () => {
    const c = await proposeTrialReview(aCase().ofCommitteeCadre());
    for (let i = 0; i < 3; i++) await c.decide('trialReview', 'approval', 'APPROVE');
    for (const voter of PEOPLE.standingCommittee.slice(0, 3))
      await c.decide('sanction', 'collectiveDecision', 'WARNING', { actorId: voter });
    const approval = await c.openTask('sanction', 'approval');
    expect(approval.assigneeId).toBe(PEOPLE.partyCommitteeSecretary);
    await c.submit(approval, 'RETURN', { reason: 'the party committee asks the standing committee to reconsider' });
    for (const voter of PEOPLE.standingCommittee.slice(0, 3))
      await c.decide('sanction', 'collectiveDecision', 'SERIOUS_WARNING', { actorId: voter });
    await c.submit(await c.openTask('sanction', 'approval'), 'APPROVE');
    await c.waitForStage('closing');
    const sanction = (await c.state()).timeline.filter((e) => e.stage === 'sanction' && e.action !== 'STAGE_ENTERED');
    expect(sanction.map((e) => [e.action, e.outcome])).toEqual([
      ['COLLECTIVE_DECISION', 'WARNING'],
      ['RETURNED', 'WARNING'],
      ['COLLECTIVE_DECISION', 'SERIOUS_WARNING'],
      ['APPROVED', 'SERIOUS_WARNING'],
    ]);
  });
});
