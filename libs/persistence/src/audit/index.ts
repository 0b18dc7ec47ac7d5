export { appendAuditEntries, appendAuditEntry, listAudit, verifyAuditChain } from './audit-log';
export type { AuditChainVerification, AuditRecord } from './audit-log';
export { canonicalJson } from './canonical-json';
export { computeAuditHash, GENESIS_HASH } from './audit-hash';
export type { AuditHashInput } from './audit-hash';
export { checkpointAuditChains, verifyAnchoredChain } from './audit-checkpoint';
export type { AnchoredVerification, ChainBreak, CheckpointKey } from './audit-checkpoint';
