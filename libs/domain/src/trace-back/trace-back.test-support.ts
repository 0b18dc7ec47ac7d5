import sampleOrg from '../../../../infra/seed/sample-org.json';
import { type OrgSnapshot, parseOrgSnapshot } from '../org';
import { responsibilityTraceBack } from './responsibility-trace-back';
import type { Candidate, TraceBackInput } from './trace-back-candidate';

/** The seeded sample org (infra/seed), parsed. */
export function loadSampleOrg(): OrgSnapshot {
  const parsed = parseOrgSnapshot(sampleOrg);
  if (!('snapshot' in parsed)) throw new Error(JSON.stringify(parsed.problems));
  return parsed.snapshot;
}

/** The trace-back with the options the specs assume unless they say otherwise. */
export function traceBack(snapshot: OrgSnapshot, input: Partial<TraceBackInput> & Pick<TraceBackInput, 'unitId'>) {
  return responsibilityTraceBack(
    {
      misconductIntervals: [],
      domains: [],
      subjectIds: [],
      options: { minOverlapDays: 90, tracebackLevels: 1 },
      ...input,
    },
    snapshot,
  );
}

/** Each candidate as `rule:target:suggested type`, for comparing lists at a glance. */
export function summary(candidates: readonly Candidate[]): string[] {
  return candidates.map((c) => `${c.rule}:${c.personId ?? c.organizationBodyId}:${c.suggestedType}`);
}

export function personCandidate(
  candidates: readonly Candidate[],
  personId: string,
  rule?: string,
): Candidate | undefined {
  return candidates.find((c) => c.personId === personId && (rule === undefined || c.rule === rule));
}
