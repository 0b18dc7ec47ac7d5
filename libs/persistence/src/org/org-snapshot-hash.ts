import { createHash } from 'node:crypto';
import type { OrgSnapshot } from '@shuangcha/domain/org';
import { canonicalJson } from '../audit/canonical-json';

/**
 * The snapshot a workflow may see: persons' names replaced by their ids, because activity results land in
 * workflow history, which anyone with Temporal access can read. No rule uses names.
 */
export function redactedOrgSnapshot(snapshot: OrgSnapshot): OrgSnapshot {
  return { ...snapshot, persons: snapshot.persons.map((person) => ({ id: person.id, displayName: person.id })) };
}

/** sha256 (hex) of the canonical JSON: the same snapshot hashes the same whatever its key order. */
export function orgSnapshotHash(snapshot: OrgSnapshot): string {
  return createHash('sha256').update(canonicalJson(snapshot)).digest('hex');
}
