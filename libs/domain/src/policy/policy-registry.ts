import { casePolicyProblems, COMPRESSED_POLICY, DEFAULT_POLICY, type CasePolicy } from './case-policy';

export class UnknownPolicyVersionError extends Error {
  constructor(readonly version: string) {
    super(`unknown case policy version ${JSON.stringify(version)}; known: ${[...POLICIES.keys()].join(', ')}`);
    this.name = 'UnknownPolicyVersionError';
  }
}

const POLICIES: ReadonlyMap<string, CasePolicy> = new Map(
  [DEFAULT_POLICY, COMPRESSED_POLICY].map((policy) => {
    const problems = casePolicyProblems(policy);
    if (problems.length > 0) throw new Error(`policy ${policy.version} is inconsistent: ${problems.join('; ')}`);
    return [policy.version, policy] as const;
  }),
);

/**
 * The policy a case recorded when it started. Versions are never removed while a case may still run
 * under them, so an unknown version is a bug or a tampered input: it throws.
 */
export function policyByVersion(version: string): CasePolicy {
  const policy = POLICIES.get(version);
  if (policy === undefined) throw new UnknownPolicyVersionError(version);
  return policy;
}

export function policyVersions(): string[] {
  return [...POLICIES.keys()];
}
