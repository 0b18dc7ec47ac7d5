import { SANCTION_OUTCOMES, VIOLATION_STAGES, type WorkStage } from '../libs/domain/src/case';
import { PEOPLE } from '../test/builders/case.builder';
import { eventually, type CaseDriver } from '../test/support/case-driver';
import { caseWorld } from '../test/support/case-world';

const world = caseWorld();

/**
 * Appeal and review window "outcomes": the case-management office registers an appeal (or an application for
 * review), or the window runs out.
 */
type Step = [WorkStage, string] | ['appealWindow' | 'reviewWindow', 'APPEAL' | 'NO_APPEAL'];
const MAJORITY = PEOPLE.standingCommittee.slice(0, 3);
const BATCH = 12;
const WALKED_PAIR = 'PROBATION_2Y+GOV_DISMISSAL';

const toPrelim: Step[] = [
  ['intake', 'REGISTERED'],
  ['clueDisposal', 'PRELIM_VERIFY'],
];
const toFiling: Step[] = [...toPrelim, ['preliminaryVerification', 'FILE_CASE']];
const toInvestigation: Step[] = [...toFiling, ['filing', 'FILED']];
const toSanction: Step[] = [...toInvestigation, ['investigation', 'TO_TRIAL'], ['trialReview', 'AGREE']];
const toClosing: Step[] = [
  ['intake', 'REGISTERED'],
  ['clueDisposal', 'CLOSE_CLUE'],
];

/**
 * Paths through the stage graph that together take every (stage, outcome) edge of VIOLATION_STAGES plus both
 * ways out of the appeal window; each ends in the stage named by `then`.
 */
interface Path {
  name: string;
  steps: Step[];
  then: string;
}
const PATHS: Path[] = [
  {
    name: 'intake TRANSFERRED concludes the investigation at once',
    steps: [['intake', 'TRANSFERRED']],
    then: 'concluded',
  },
  {
    name: 'lead disposal SHELVE goes to closing',
    steps: [
      ['intake', 'REGISTERED'],
      ['clueDisposal', 'SHELVE'],
    ],
    then: 'closing',
  },
  { name: 'lead disposal CLOSE_CLUE goes to closing', steps: toClosing, then: 'closing' },
  {
    name: 'TALK_OR_LETTER then CLOSE goes to closing',
    steps: [
      ['intake', 'REGISTERED'],
      ['clueDisposal', 'TALK_OR_LETTER'],
      ['talkOrLetter', 'CLOSE'],
    ],
    then: 'closing',
  },
  {
    name: 'TALK_OR_LETTER then EDUCATION goes to closing',
    steps: [
      ['intake', 'REGISTERED'],
      ['clueDisposal', 'TALK_OR_LETTER'],
      ['talkOrLetter', 'EDUCATION'],
    ],
    then: 'closing',
  },
  {
    name: 'TALK_OR_LETTER then PRELIM_VERIFY, and ORG_HANDLING after verification, goes to closing',
    steps: [
      ['intake', 'REGISTERED'],
      ['clueDisposal', 'TALK_OR_LETTER'],
      ['talkOrLetter', 'PRELIM_VERIFY'],
      ['preliminaryVerification', 'ORG_HANDLING'],
    ],
    then: 'closing',
  },
  {
    name: 'preliminary verification CLOSE goes to closing',
    steps: [...toPrelim, ['preliminaryVerification', 'CLOSE']],
    then: 'closing',
  },
  {
    name: 'preliminary verification SHELVE goes to closing',
    steps: [...toPrelim, ['preliminaryVerification', 'SHELVE']],
    then: 'closing',
  },
  { name: 'a REJECTED filing goes to closing', steps: [...toFiling, ['filing', 'REJECTED']], then: 'closing' },
  {
    name: 'an investigation CLOSE goes to closing',
    steps: [...toInvestigation, ['investigation', 'CLOSE']],
    then: 'closing',
  },
  {
    name: 'trial review returns to investigation to reinvestigate and to supplement, then recharacterizes',
    steps: [
      ...toInvestigation,
      ['investigation', 'CRIME_SUSPECTED'],
      ['trialReview', 'RETURN_REINVESTIGATE'],
      ['investigation', 'TO_TRIAL'],
      ['trialReview', 'RETURN_SUPPLEMENT'],
      ['investigation', 'TO_TRIAL'],
      ['trialReview', 'RECHARACTERIZE'],
      ['sanction', 'WARNING'],
    ],
    then: 'closing',
  },
  // Every kind of sanction decision (issue 12 §1): each party and each government sanction, a pair of them
  // (the other pairs are checked as data below), organisational handling, none.
  ...SANCTION_OUTCOMES.filter(
    (sanction) => sanction !== 'WARNING' && (!sanction.includes('+') || sanction === WALKED_PAIR),
  ).map((sanction) => ({
    name: `a ${sanction} sanction goes to closing`,
    steps: [...toSanction, ['sanction', sanction]] as Step[],
    then: 'closing',
  })),
  ...(['UPHELD', 'MODIFIED', 'REVOKED'] as const).map((appealOutcome) => ({
    name: `closing opens the appeal window; an appeal ${appealOutcome} concludes the investigation`,
    steps: [...toClosing, ['closing', 'CLOSED'], ['appealWindow', 'APPEAL'], ['appealReview', appealOutcome]] as Step[],
    then: 'concluded',
  })),
  {
    name: 'a suspected crime is closed with a transfer to the procuratorate',
    steps: [
      ...toInvestigation,
      ['investigation', 'CRIME_SUSPECTED'],
      ['trialReview', 'AGREE'],
      ['sanction', 'EXPULSION+GOV_EXPULSION'],
      ['closing', 'TRANSFER_TO_PROCURATORATE'],
    ],
    then: 'appealWindow',
  },
  ...(['UPHELD', 'MODIFIED', 'REVOKED'] as const).map((reviewOutcome) => ({
    name: `a government sanction's appeal is re-examined, then reviewed one level up: ${reviewOutcome}`,
    steps: [
      ...toSanction,
      ['sanction', 'GOV_DEMERIT'],
      ['closing', 'CLOSED'],
      ['appealWindow', 'APPEAL'],
      ['reexamination', reviewOutcome === 'UPHELD' ? 'UPHELD' : 'MODIFIED'],
      ['reviewWindow', 'APPEAL'],
      ['review', reviewOutcome],
    ] as Step[],
    then: 'concluded',
  })),
  {
    name: 'a re-examination that revokes the government sanction concludes the investigation',
    steps: [
      ...toSanction,
      ['sanction', 'GOV_WARNING'],
      ['closing', 'CLOSED'],
      ['appealWindow', 'APPEAL'],
      ['reexamination', 'REVOKED'],
    ],
    then: 'concluded',
  },
  {
    name: 'the appeal window closing without an appeal concludes the investigation',
    steps: [...toClosing, ['closing', 'CLOSED'], ['appealWindow', 'NO_APPEAL']],
    then: 'concluded',
  },
];

async function take(c: CaseDriver, [stage, outcome]: Step): Promise<void> {
  if (stage !== 'appealWindow' && stage !== 'reviewWindow') return c.complete(stage, outcome, MAJORITY);
  const window = await c.waitForStage(stage);
  if (outcome === 'APPEAL') {
    await c.registerAppeal(PEOPLE.caseManagementOfficer);
    return;
  }
  expect(window.deadlineAt).not.toBeNull();
  await world.sleepUntil(Date.parse(window.deadlineAt!));
}

describe('violation investigation stage graph', () => {
  it('the paths below take every (stage, outcome) edge of the stage graph and both ways out of the appeal window', () => {
    const taken = new Set(PATHS.flatMap((p) => p.steps.map(([stage, outcome]) => `${stage}:${outcome}`)));
    const edges = Object.values(VIOLATION_STAGES).flatMap((def) =>
      Object.keys(def.next).map((outcome) => `${def.stage}:${outcome}`),
    );
    // A party + government pair leads where its party sanction alone does; one pair is walked.
    const pairs = SANCTION_OUTCOMES.filter((o) => o.includes('+'));
    for (const pair of pairs)
      expect(VIOLATION_STAGES.sanction.next[pair]).toBe(VIOLATION_STAGES.sanction.next[pair.split('+')[0]]);
    const pairEdges = new Set(pairs.map((pair) => `sanction:${pair}`));
    expect(edges.filter((edge) => !taken.has(edge) && !pairEdges.has(edge))).toEqual([]);
    expect(taken).toContain('appealWindow:APPEAL');
    expect(taken).toContain('appealWindow:NO_APPEAL');
  });

  async function walk({ steps, then }: Path): Promise<void> {
    const c = await world.openCase();
    for (const step of steps) await take(c, step);

    const state = await c.waitForStage(then);
    expect(await c.stagesEntered()).toEqual([...steps.slice(1).map(([stage]) => stage), then]);
    const decided = steps.filter(([stage]) => !['appealWindow', 'reviewWindow', 'sanction'].includes(stage));
    for (const [stage, outcome] of decided) {
      expect(state.timeline).toContainEqual(expect.objectContaining({ stage, action: 'PROPOSED', outcome }));
    }
    const sanction = steps.find(([stage]) => stage === 'sanction');
    if (sanction)
      expect(state.timeline).toContainEqual(
        expect.objectContaining({ stage: 'sanction', action: 'COLLECTIVE_DECISION', outcome: sanction[1] }),
      );
    for (const task of state.tasks.filter((t) => t.status === 'DECIDED' && t.kind !== 'collectiveDecision')) {
      expect(c.decisionsFor(task.taskId)).toEqual([
        expect.objectContaining({
          stage: task.stage,
          outcome: task.outcome,
          actorId: task.decidedBy,
          basis: [{ regulation: 'WR', article: '1' }],
        }),
      ]);
    }
    if (then === 'concluded') {
      const closed = await eventually(async () => {
        const s = await c.caseState();
        return s.status === 'CLOSED' ? s : undefined;
      }, 'the case to close');
      expect(closed.children).toEqual([expect.objectContaining({ role: 'violation', status: 'CONCLUDED' })]);
      // The query turns CLOSED before the closing projection lands: the read model follows asynchronously.
      const row = await eventually(async () => {
        const projected = world.activities.cases.get(c.caseId);
        return projected?.status === 'CLOSED' ? projected : undefined;
      }, 'the closed case row');
      expect(row).toMatchObject({ status: 'CLOSED', stage: 'closed' });
    }
  }

  // First in the file: it skips a month, and the test server skips time reliably only before many runs have completed.
  it('concludes the investigation and closes the case when the appeal window runs out without an appeal', async () => {
    await walk(PATHS.find((p) => p.steps.some(([, outcome]) => outcome === 'NO_APPEAL'))!);
  });

  // The paths run side by side (one case each) to keep the tier fast; time stays locked meanwhile, so no
  // deadline fires. The path that lets the appeal window run out skips a month and so runs on its own.
  it('walks every path of the stage graph to the stage its last outcome leads to', async () => {
    const concurrent = PATHS.filter((p) => !p.steps.some(([, outcome]) => outcome === 'NO_APPEAL'));
    // In batches: with every sanction decision the graph has some sixty paths, and all at once would starve
    // the polls of each other on a small machine.
    const results: PromiseSettledResult<void>[] = [];
    for (let i = 0; i < concurrent.length; i += BATCH)
      results.push(...(await Promise.allSettled(concurrent.slice(i, i + BATCH).map(walk))));
    const failures = results.flatMap((r, i) =>
      r.status === 'rejected' ? [`${concurrent[i].name}: ${(r.reason as Error).message}`] : [],
    );
    expect(failures).toEqual([]);
  });
});
