import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { computeAuditHash, GENESIS_HASH } from './audit-hash';
import { listAudit, type AuditRecord } from './audit-log';
import { canonicalJson } from './canonical-json';

/** A checkpoint signing key from configuration; the database stores only its id. */
export interface CheckpointKey {
  id: string;
  secret: string;
}

interface CheckpointRow {
  caseId: string;
  fromSeq: number;
  toSeq: number;
  /** Hashes of the entries fromSeq..toSeq, in order. */
  hashes: string[];
  keyId: string;
  at: string;
}

export type ChainBreak = 'HASH_MISMATCH' | 'PREV_HASH_MISMATCH' | 'SEQ_GAP' | 'REWRITTEN';

/** A chain checked link by link and against its signed checkpoints. */
export interface AnchoredVerification {
  ok: boolean;
  /** Entries before the first break (all of them when nothing is broken). */
  count: number;
  headHash?: string;
  /** REWRITTEN: the stored hash differs from the one a checkpoint signed (rehashed after an edit). */
  firstBroken?: { seq: number; eventKey: string; reason: ChainBreak };
  /** The chain ends before the newest checkpointed entry: entries were removed from its head. */
  truncated?: { checkpointSeq: number; count: number };
  /** The newest checkpoint; `valid: false` when any checkpoint's signature does not verify with the key. */
  checkpoint?: { seq: number; keyId: string; at: string; valid: boolean };
}

function sign(key: CheckpointKey, row: CheckpointRow): string {
  return createHmac('sha256', key.secret).update(canonicalJson(row), 'utf8').digest('hex');
}

function signatureValid(keys: readonly CheckpointKey[], row: CheckpointRow, signature: string): boolean {
  const key = keys.find((k) => k.id === row.keyId);
  if (!key) return false;
  const expected = Buffer.from(sign(key, row), 'hex');
  const given = Buffer.from(signature, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function managerOf(source: DataSource | EntityManager): EntityManager {
  return 'manager' in source ? source.manager : source;
}

async function loadCheckpoints(
  source: DataSource | EntityManager,
  caseId: string,
): Promise<{ row: CheckpointRow; signature: string }[]> {
  const rows: {
    from_seq: number;
    to_seq: number;
    hashes: string[];
    key_id: string;
    signature: string;
    at: Date;
  }[] = await managerOf(source).query(
    `SELECT from_seq, to_seq, hashes, key_id, signature, at FROM audit_checkpoints WHERE case_id = $1 ORDER BY to_seq`,
    [caseId],
  );
  return rows.map((r) => ({
    row: {
      caseId,
      fromSeq: r.from_seq,
      toSeq: r.to_seq,
      hashes: r.hashes,
      keyId: r.key_id,
      at: r.at.toISOString(),
    },
    signature: r.signature,
  }));
}

/**
 * Checks every link of the chain, every stored hash against the hashes its checkpoints signed, and the
 * chain's length against the newest checkpoint. A checkpoint verifies with the key its id names, so keys
 * can rotate: keep the previous ones in `keys` while their checkpoints matter. Without a matching key a
 * checkpoint counts as invalid.
 */
export async function verifyAnchoredChain(
  source: DataSource | EntityManager,
  caseId: string,
  keys: readonly CheckpointKey[],
): Promise<AnchoredVerification & { entries: AuditRecord[] }> {
  const [entries, checkpoints] = await Promise.all([listAudit(source, caseId), loadCheckpoints(source, caseId)]);
  const anchored = new Map<number, string>();
  let allValid = true;
  for (const { row, signature } of checkpoints) {
    if (!signatureValid(keys, row, signature) || row.hashes.length !== row.toSeq - row.fromSeq + 1) {
      allValid = false;
      continue;
    }
    row.hashes.forEach((hash, i) => anchored.set(row.fromSeq + i, hash));
  }

  let firstBroken: AnchoredVerification['firstBroken'];
  let prevHash = GENESIS_HASH;
  for (const [index, entry] of entries.entries()) {
    const reason: ChainBreak | undefined =
      entry.seq !== index + 1
        ? 'SEQ_GAP'
        : anchored.has(entry.seq) && anchored.get(entry.seq) !== entry.hash
          ? 'REWRITTEN'
          : entry.prevHash !== prevHash
            ? 'PREV_HASH_MISMATCH'
            : computeAuditHash(entry) !== entry.hash
              ? 'HASH_MISMATCH'
              : undefined;
    if (reason) {
      firstBroken = { seq: reason === 'SEQ_GAP' ? index + 1 : entry.seq, eventKey: entry.eventKey, reason };
      break;
    }
    prevHash = entry.hash;
  }

  const newest = checkpoints.at(-1);
  const checkpointSeq = Math.max(0, ...anchored.keys());
  const truncated = entries.length < checkpointSeq ? { checkpointSeq, count: entries.length } : undefined;
  const ok = !firstBroken && !truncated && allValid;
  return {
    ok,
    count: firstBroken ? firstBroken.seq - 1 : entries.length,
    ...(ok && entries.length > 0 ? { headHash: entries[entries.length - 1].hash } : {}),
    ...(firstBroken ? { firstBroken } : {}),
    ...(truncated ? { truncated } : {}),
    ...(newest
      ? { checkpoint: { seq: newest.row.toSeq, keyId: newest.row.keyId, at: newest.row.at, valid: allValid } }
      : {}),
    entries,
  };
}

/**
 * Signs a checkpoint for every chain that grew since its last one, with the first key; the others only
 * verify older checkpoints. A chain that does not verify is not signed (signing it would bless the
 * tampering) and is returned in `refused`. Safe to run from several processes at once: overlapping
 * checkpoints lose on the unique constraints.
 */
export async function checkpointAuditChains(
  source: DataSource | EntityManager,
  keys: readonly [CheckpointKey, ...CheckpointKey[]],
  now: Date = new Date(),
): Promise<{ signed: string[]; refused: string[] }> {
  const key = keys[0];
  const manager = managerOf(source);
  const grown: { case_id: string }[] = await manager.query(
    `SELECT h.case_id
       FROM (SELECT case_id, max(seq) AS seq FROM audit_entries GROUP BY case_id) h
       LEFT JOIN (SELECT case_id, max(to_seq) AS to_seq FROM audit_checkpoints GROUP BY case_id) c USING (case_id)
      WHERE c.to_seq IS NULL OR c.to_seq < h.seq
      ORDER BY h.case_id`,
  );
  const signed: string[] = [];
  const refused: string[] = [];
  for (const { case_id: caseId } of grown) {
    const verification = await verifyAnchoredChain(manager, caseId, keys);
    if (!verification.ok) {
      refused.push(caseId);
      continue;
    }
    const fromSeq = (verification.checkpoint?.seq ?? 0) + 1;
    const fresh = verification.entries.filter((e) => e.seq >= fromSeq);
    if (fresh.length === 0) continue;
    const row: CheckpointRow = {
      caseId,
      fromSeq,
      toSeq: fresh[fresh.length - 1].seq,
      hashes: fresh.map((e) => e.hash),
      keyId: key.id,
      at: now.toISOString(),
    };
    const inserted: unknown[] = await manager.query(
      `INSERT INTO audit_checkpoints (case_id, from_seq, to_seq, hashes, key_id, signature, at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7)
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [caseId, row.fromSeq, row.toSeq, JSON.stringify(row.hashes), row.keyId, sign(key, row), row.at],
    );
    if (inserted.length === 1) signed.push(caseId);
  }
  return { signed, refused };
}
