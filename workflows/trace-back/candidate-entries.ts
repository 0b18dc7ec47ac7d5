import type { CandidateAdditionInput, CandidateEntry } from '@shuangcha/contracts';
import { candidateKey } from '@shuangcha/domain/accountability';
import type { OrgSnapshot } from '@shuangcha/domain/org';
import type { Candidate } from '@shuangcha/domain/trace-back';

function toEntry(candidate: Candidate): CandidateEntry {
  return {
    candidateKey: candidateKey(candidate),
    target: candidate.target,
    personId: candidate.personId,
    organizationBodyId: candidate.organizationBodyId,
    responsibility: candidate.responsibility,
    suggestedType: candidate.suggestedType,
    rule: candidate.rule,
    reason: candidate.reason,
    overlapDays: candidate.overlapDays,
    decidingBodyId: candidate.decidingBodyId,
    referral: candidate.referral,
    exemptionHint: candidate.exemptionHint ?? null,
    addedBy: null,
    alsoMatched: [],
  };
}

/** One review per target: a person matched by several rules keeps the first (rule order) and notes the rest. */
export function mergeByTarget(candidates: readonly Candidate[]): CandidateEntry[] {
  const entries: CandidateEntry[] = [];
  for (const candidate of candidates) {
    const key = candidateKey(candidate);
    const existing = entries.find((e) => e.candidateKey === key);
    if (existing) existing.alsoMatched.push(candidate.rule);
    else entries.push(toEntry(candidate));
  }
  return entries;
}

/** The key a manual addition would get. */
export function additionKey(a: CandidateAdditionInput): string {
  return candidateKey({
    target: a.target,
    personId: a.personId ?? null,
    organizationBodyId: a.organizationBodyId ?? null,
  });
}

/** A candidate staff added by hand. */
export function manualEntry(a: CandidateAdditionInput): CandidateEntry {
  return {
    candidateKey: additionKey(a),
    target: a.target,
    personId: a.personId ?? null,
    organizationBodyId: a.organizationBodyId ?? null,
    responsibility: a.responsibility,
    suggestedType: a.suggestedType,
    rule: 'MANUAL',
    reason: a.reason,
    overlapDays: null,
    decidingBodyId: a.decidingBodyId,
    referral: a.referral,
    exemptionHint: null,
    addedBy: a.actorId,
    alsoMatched: [],
  };
}

/** Whether the person held a post on the body during the snapshot's history (for the AR art. 6 coverage warning). */
export function snapshotMemberOf(
  snapshot: OrgSnapshot | null,
  personId: string | null,
  bodyId: string | null,
): boolean {
  if (!snapshot || !personId || !bodyId) return false;
  const positions = new Set(snapshot.positions.filter((p) => p.bodyId === bodyId).map((p) => p.id));
  return snapshot.tenures.some((t) => t.personId === personId && positions.has(t.positionId));
}
