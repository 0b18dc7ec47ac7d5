export {
  casePolicyProblems,
  clockOf,
  COMPRESSED_POLICY,
  DEFAULT_POLICY,
  LIMIT_KEYS,
  type CasePolicy,
  type EscalationRole,
  type EscalationStep,
  type Limit,
  type LimitExtension,
  type LimitKey,
  type LimitUnit,
} from './case-policy';
export { policyByVersion, policyVersions, UnknownPolicyVersionError } from './policy-registry';
