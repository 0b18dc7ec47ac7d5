import type { Candidate } from '../trace-back';

/**
 * Stable key of a candidate within one trace-back: opaque ids only, never names. It names a person, so it
 * stays out of Temporal's workflow ids (review workflows get an opaque key since issue 16 §9).
 */
export function candidateKey(candidate: Pick<Candidate, 'target' | 'personId' | 'organizationBodyId'>): string {
  return candidate.target === 'person' ? `person-${candidate.personId}` : `org-${candidate.organizationBodyId}`;
}

/**
 * A task about one candidate: a person is the task's `concernsPersonId`, which the gateway shows by name and
 * post, never part of its title (ids stay opaque to readers). An organization has no person to name: its key
 * stays in the title.
 */
export function candidateTask(
  candidate: Pick<Candidate, 'target' | 'personId' | 'organizationBodyId'> & { candidateKey: string },
  title: string,
): { title: string; concernsPersonId?: string } {
  return candidate.target === 'person' && candidate.personId
    ? { title, concernsPersonId: candidate.personId }
    : { title: `${title}: ${candidate.candidateKey}` };
}
