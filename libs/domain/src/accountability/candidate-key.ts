import type { Candidate } from '../trace-back';

/**
 * Stable key of a candidate within one trace-back, also the suffix of its review workflow id
 * (`${caseId}/trace-back/review-${key}`): opaque ids only, never names.
 */
export function candidateKey(candidate: Pick<Candidate, 'target' | 'personId' | 'organizationBodyId'>): string {
  return candidate.target === 'person' ? `person-${candidate.personId}` : `org-${candidate.organizationBodyId}`;
}
