import type { Candidate } from '../trace-back';

/**
 * Stable key of a candidate within one trace-back: opaque ids only, never names. It names a person, so it
 * stays out of Temporal's workflow ids (review workflows get an opaque key since issue 16 §9).
 */
export function candidateKey(candidate: Pick<Candidate, 'target' | 'personId' | 'organizationBodyId'>): string {
  return candidate.target === 'person' ? `person-${candidate.personId}` : `org-${candidate.organizationBodyId}`;
}
