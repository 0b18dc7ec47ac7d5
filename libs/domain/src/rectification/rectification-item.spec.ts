import fc from 'fast-check';
import {
  applyProgressReport,
  applySubmission,
  applyVerification,
  checkProgressReport,
  checkSubmission,
  checkVerification,
  daysOverdue,
  EVIDENCE_KINDS,
  missingEvidenceKinds,
  nextAlarm,
  openItem,
  signOffBlockers,
  type EvidenceKind,
  type EvidenceRef,
  type RectificationItem,
} from './rectification-item';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 3, 1, 2);
const SHA = 'a'.repeat(64);
const RESPONSIBLE = 'p-0012';
const VERIFIER = 'p-0006';

function anItem(over: Partial<RectificationItem> = {}): RectificationItem {
  return {
    ...openItem(
      {
        itemKey: 'I-1',
        problem: 'procurement without tender',
        measure: 'adopt tender rules',
        responsiblePersonId: RESPONSIBLE,
        responsibleUnitId: 'u-city-housing',
        dueAtMs: T0 + 30 * DAY,
        evidenceRequirements: [
          { kind: 'REGULATION', description: 'the adopted tender rules' },
          { kind: 'MEETING_MINUTES', description: 'minutes of the committee meeting' },
        ],
      },
      T0,
    ),
    ...over,
  };
}
const ev = (kind: EvidenceKind, id = `doc-${kind}`): EvidenceRef => ({ id, sha256: SHA, kind });
const fullEvidence = [ev('REGULATION'), ev('MEETING_MINUTES')];

describe('rectification item lifecycle', () => {
  it('moves OPEN → IN_PROGRESS on a progress report and → SUBMITTED when reported done with full evidence', () => {
    let item = anItem();
    expect(checkProgressReport(item, { actorId: RESPONSIBLE, attachments: [ev('PHOTO')] })).toBeNull();
    item = applyProgressReport(item, {
      atMs: T0 + DAY,
      actorId: RESPONSIBLE,
      summary: 'drafted',
      attachments: [ev('PHOTO')],
    });
    expect(item.state).toBe('IN_PROGRESS');
    expect(checkSubmission(item, { actorId: RESPONSIBLE, evidence: fullEvidence })).toBeNull();
    item = applySubmission(item, { atMs: T0 + 2 * DAY, actorId: RESPONSIBLE, summary: 'done', evidence: fullEvidence });
    expect(item.state).toBe('SUBMITTED');
    expect(signOffBlockers(item)).toEqual([]);
  });

  it('signs an item off (销号) when the commission verifies it', () => {
    const submitted = applySubmission(anItem(), {
      atMs: T0,
      actorId: RESPONSIBLE,
      summary: '',
      evidence: fullEvidence,
    });
    expect(checkVerification(submitted, { verifierId: VERIFIER, outcome: 'PASS' })).toBeNull();
    const closed = applyVerification(submitted, {
      atMs: T0 + DAY,
      verifierId: VERIFIER,
      outcome: 'PASS',
      reason: null,
    });
    expect(closed).toMatchObject({
      state: 'VERIFIED_CLOSED',
      signedOffBy: VERIFIER,
      signedOffAtMs: T0 + DAY,
      reopenCount: 0,
    });
  });

  it('blocks reporting done without the required evidence and names every missing kind', () => {
    const rejection = checkSubmission(anItem(), { actorId: RESPONSIBLE, evidence: [ev('PHOTO')] });
    expect(rejection?.type).toBe('MissingEvidence');
    expect(rejection?.message).toContain('REGULATION (the adopted tender rules)');
    expect(rejection?.message).toContain('MEETING_MINUTES (minutes of the committee meeting)');
  });

  it('blocks sign-off of a submission whose evidence does not cover the requirements', () => {
    const partial = anItem({
      state: 'SUBMITTED',
      submission: { atMs: T0, actorId: RESPONSIBLE, summary: '', evidence: [ev('REGULATION')] },
    });
    expect(signOffBlockers(partial)).toEqual(['missing MEETING_MINUTES evidence: minutes of the committee meeting']);
    expect(checkVerification(partial, { verifierId: VERIFIER, outcome: 'PASS' })?.type).toBe('MissingEvidence');
  });

  it('rejects evidence without a SHA-256 checksum', () => {
    const rejection = checkSubmission(anItem(), {
      actorId: RESPONSIBLE,
      evidence: [{ ...ev('REGULATION'), sha256: 'abc' }, ev('MEETING_MINUTES')],
    });
    expect(rejection?.type).toBe('InvalidEvidence');
  });

  it('never lets the responsible person verify their own item (DOMAIN §6)', () => {
    const submitted = applySubmission(anItem(), {
      atMs: T0,
      actorId: RESPONSIBLE,
      summary: '',
      evidence: fullEvidence,
    });
    expect(checkVerification(submitted, { verifierId: RESPONSIBLE, outcome: 'PASS' })?.type).toBe(
      'VerifierIsResponsiblePerson',
    );
  });

  it('rejects progress and submission from anyone but the responsible person', () => {
    expect(checkProgressReport(anItem(), { actorId: VERIFIER, attachments: [] })?.type).toBe('NotResponsiblePerson');
    expect(checkSubmission(anItem(), { actorId: VERIFIER, evidence: fullEvidence })?.type).toBe('NotResponsiblePerson');
  });

  it('rejects a verification of an item that is not submitted and a failure without a reason', () => {
    expect(checkVerification(anItem(), { verifierId: VERIFIER, outcome: 'PASS' })?.type).toBe('WrongStage');
    const submitted = applySubmission(anItem(), {
      atMs: T0,
      actorId: RESPONSIBLE,
      summary: '',
      evidence: fullEvidence,
    });
    expect(checkVerification(submitted, { verifierId: VERIFIER, outcome: 'FAIL', reason: ' ' })?.type).toBe(
      'InvalidDecision',
    );
  });

  it('reopens on a failed verification, counts it, and flags the item to supervisors at the second reopen', () => {
    let item = anItem();
    for (let round = 1; round <= 3; round++) {
      item = applySubmission(item, { atMs: T0, actorId: RESPONSIBLE, summary: '', evidence: fullEvidence });
      item = applyVerification(item, { atMs: T0, verifierId: VERIFIER, outcome: 'FAIL', reason: 'rules not adopted' });
      expect(item).toMatchObject({
        state: 'REJECTED',
        reopenCount: round,
        flaggedToSupervisors: round >= 2,
        submission: null,
      });
      expect(checkProgressReport(item, { actorId: RESPONSIBLE, attachments: [] })).toBeNull();
    }
  });

  it('rejects any report after sign-off', () => {
    const closed = anItem({ state: 'VERIFIED_CLOSED' });
    expect(checkProgressReport(closed, { actorId: RESPONSIBLE, attachments: [] })?.type).toBe('WrongStage');
    expect(checkSubmission(closed, { actorId: RESPONSIBLE, evidence: fullEvidence })?.type).toBe('WrongStage');
  });
});

describe('days overdue', () => {
  const due = T0 + 10 * DAY;
  it('counts a started day past the due date and nothing before it', () => {
    const item = anItem({ dueAtMs: due });
    expect(daysOverdue(item, due)).toBe(0);
    expect(daysOverdue(item, due + 1)).toBe(1);
    expect(daysOverdue(item, due + DAY)).toBe(1);
    expect(daysOverdue(item, due + DAY + 1)).toBe(2);
  });
  it('stops the clock at submission and clears it at sign-off', () => {
    const submitted = anItem({
      dueAtMs: due,
      state: 'SUBMITTED',
      submission: { atMs: due + 3 * DAY, actorId: RESPONSIBLE, summary: '', evidence: [] },
    });
    expect(daysOverdue(submitted, due + 40 * DAY)).toBe(3);
    expect(daysOverdue(anItem({ dueAtMs: due, state: 'VERIFIED_CLOSED' }), due + 40 * DAY)).toBe(0);
  });
  it('never decreases as time passes while work is owed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 * DAY }), fc.integer({ min: 0, max: 400 * DAY }), (a, b) => {
        const item = anItem({ dueAtMs: due, state: 'IN_PROGRESS' });
        const [early, late] = a <= b ? [a, b] : [b, a];
        return daysOverdue(item, T0 + early) <= daysOverdue(item, T0 + late);
      }),
    );
  });
});

describe('evidence coverage', () => {
  const kinds = fc.constantFrom(...EVIDENCE_KINDS);
  it('reports exactly the required kinds that no reference covers', () => {
    fc.assert(
      fc.property(fc.array(kinds, { maxLength: 6 }), fc.array(kinds, { maxLength: 6 }), (required, provided) => {
        const missing = missingEvidenceKinds(
          required.map((kind) => ({ kind, description: kind })),
          provided.map((kind, i) => ev(kind, `e${i}`)),
        );
        const expected = [...new Set(required.filter((k) => !provided.includes(k)))];
        expect(missing).toEqual(expected);
      }),
    );
  });
  it('never signs off an item whose reopen count it loses: reopen count equals the number of failures', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (passes) => {
        let item = anItem();
        let failures = 0;
        for (const pass of passes) {
          if (item.state === 'VERIFIED_CLOSED') break;
          item = applySubmission(item, { atMs: T0, actorId: RESPONSIBLE, summary: '', evidence: fullEvidence });
          item = applyVerification(item, {
            atMs: T0,
            verifierId: VERIFIER,
            outcome: pass ? 'PASS' : 'FAIL',
            reason: pass ? null : 'no',
          });
          if (!pass) failures += 1;
        }
        expect(item.reopenCount).toBe(failures);
        expect(item.flaggedToSupervisors).toBe(failures >= 2);
      }),
    );
  });
});

describe('alarms', () => {
  const rules = { reportIntervalDays: 30, overdueToAccountabilityDays: 30 };
  it('asks for a progress report one interval after the last one, then suggests accountability past the limit', () => {
    const item = anItem({ dueAtMs: T0 + 45 * DAY });
    expect(nextAlarm(item, rules, 0)).toEqual({ kind: 'progressReportDue', atMs: T0 + 30 * DAY });
    expect(nextAlarm(item, rules, T0 + 30 * DAY)).toEqual({ kind: 'progressReportDue', atMs: T0 + 60 * DAY });
    expect(nextAlarm(item, rules, T0 + 60 * DAY)).toEqual({ kind: 'accountabilitySuggestion', atMs: T0 + 75 * DAY });
    expect(nextAlarm({ ...item, accountabilitySuggestedAtMs: T0 }, rules, T0 + 60 * DAY)?.kind).toBe(
      'progressReportDue',
    );
  });
  it('has no alarm while the commission holds the item or after sign-off', () => {
    expect(nextAlarm(anItem({ state: 'SUBMITTED' }), rules, 0)).toBeNull();
    expect(nextAlarm(anItem({ state: 'VERIFIED_CLOSED' }), rules, 0)).toBeNull();
  });
});
