import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** `prevHash` of the first entry of every case's chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields an audit entry's hash covers: everything but the storage id and the hash itself. */
export interface AuditHashInput {
  caseId: string;
  seq: number;
  eventKey: string;
  actorId: string | null;
  action: string;
  /** ISO-8601 UTC with milliseconds, as `Date.prototype.toISOString` writes it. */
  at: string;
  before: unknown;
  after: unknown;
  prevHash: string;
}

/** Lowercase hex SHA-256 of the canonical JSON of the entry; links the chain through `prevHash`. */
export function computeAuditHash(input: AuditHashInput): string {
  const covered: AuditHashInput = {
    caseId: input.caseId,
    seq: input.seq,
    eventKey: input.eventKey,
    actorId: input.actorId,
    action: input.action,
    at: input.at,
    before: input.before ?? null,
    after: input.after ?? null,
    prevHash: input.prevHash,
  };
  return createHash('sha256').update(canonicalJson(covered), 'utf8').digest('hex');
}

/**
 * The value exactly as it will read back from a jsonb column: undefined members dropped, Dates as strings.
 * Hashing this, not the caller's object, is what lets verification recompute the same hash later.
 */
export function toStoredJson(value: unknown): unknown {
  const text = value === undefined ? undefined : JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as unknown);
}
