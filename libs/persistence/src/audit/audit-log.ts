import { MoreThan, type DataSource, type EntityManager } from 'typeorm';
import type { AuditEvent } from '@shuangcha/contracts';
import { AuditEntryEntity } from '../entities/audit-entry.entity';
import { InvalidProjectionError } from '../read-model/projection.mapper';
import { computeAuditHash, GENESIS_HASH, toStoredJson, type AuditHashInput } from './audit-hash';

/** One stored audit entry, with its place in the case's hash chain. */
export interface AuditRecord extends AuditHashInput {
  hash: string;
}

export type AuditChainVerification =
  | { ok: true; count: number }
  | {
      ok: false;
      /** For SEQ_GAP the missing seq; otherwise the seq of the entry whose hash or link is wrong. */
      firstBrokenSeq: number;
      /** Event key of the stored entry at which the break was found. */
      eventKey: string;
      reason: 'HASH_MISMATCH' | 'PREV_HASH_MISMATCH' | 'SEQ_GAP';
    };

function toAuditRecord(entity: AuditEntryEntity): AuditRecord {
  return {
    caseId: entity.caseId,
    seq: entity.seq,
    eventKey: entity.eventKey,
    actorId: entity.actorId,
    action: entity.action,
    at: entity.at.toISOString(),
    before: entity.before ?? null,
    after: entity.after ?? null,
    prevHash: entity.prevHash,
    hash: entity.hash,
  };
}

function managerOf(source: DataSource | EntityManager): EntityManager {
  return 'manager' in source ? source.manager : source;
}

/**
 * Appends `event` to its case's chain. A per-case advisory lock serialises appends, so seq has no gaps
 * and prevHash is the hash of the entry committed just before. A repeated eventKey (an activity retry)
 * returns the entry already stored and writes nothing.
 */
export async function appendAuditEntry(
  manager: EntityManager,
  event: AuditEvent,
): Promise<{ entry: AuditRecord; appended: boolean }> {
  const at = new Date(event.at);
  if (Number.isNaN(at.getTime()))
    throw new InvalidProjectionError('at', `not an ISO timestamp (got ${JSON.stringify(event.at)})`);
  return manager.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [event.caseId]);
    const repo = tx.getRepository(AuditEntryEntity);
    const existing = await repo.findOneBy({ eventKey: event.eventKey });
    if (existing) return { entry: toAuditRecord(existing), appended: false };

    const last = await repo.findOne({ where: { caseId: event.caseId }, order: { seq: 'DESC' } });
    const fields = {
      caseId: event.caseId,
      seq: (last?.seq ?? 0) + 1,
      eventKey: event.eventKey,
      actorId: event.actorId ?? null,
      action: event.action,
      at: at.toISOString(),
      before: toStoredJson(event.before),
      after: toStoredJson(event.after),
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const entry: AuditRecord = { ...fields, hash: computeAuditHash(fields) };
    // ON CONFLICT covers the one race the case lock cannot: the same eventKey appended under another caseId.
    const inserted: unknown[] = await tx.query(
      `INSERT INTO audit_entries (event_key, case_id, seq, actor_id, action, at, before, after, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10)
       ON CONFLICT (event_key) DO NOTHING
       RETURNING id`,
      [
        entry.eventKey,
        entry.caseId,
        entry.seq,
        entry.actorId,
        entry.action,
        entry.at,
        entry.before === null ? null : JSON.stringify(entry.before),
        entry.after === null ? null : JSON.stringify(entry.after),
        entry.prevHash,
        entry.hash,
      ],
    );
    if (inserted.length === 1) return { entry, appended: true };
    const winner = await repo.findOneByOrFail({ eventKey: event.eventKey });
    return { entry: toAuditRecord(winner), appended: false };
  });
}

/**
 * The case's audit entries in chain order; `page` returns at most `limit` entries after seq `afterSeq`, only
 * `actorId`'s when it names one (what a recused person did in the case, DOMAIN §5).
 */
export async function listAudit(
  source: DataSource | EntityManager,
  caseId: string,
  page?: { afterSeq: number; limit: number; actorId?: string },
): Promise<AuditRecord[]> {
  const rows = await managerOf(source)
    .getRepository(AuditEntryEntity)
    .find({
      where: {
        caseId,
        ...(page ? { seq: MoreThan(page.afterSeq) } : {}),
        ...(page?.actorId ? { actorId: page.actorId } : {}),
      },
      order: { seq: 'ASC' },
      ...(page ? { take: page.limit } : {}),
    });
  return rows.map(toAuditRecord);
}

/**
 * Recomputes every hash of the case's chain from the stored fields and checks each link. Detects any
 * edited, inserted or removed entry except the removal of the newest ones (anchor the head hash elsewhere
 * to catch that).
 */
export async function verifyAuditChain(
  source: DataSource | EntityManager,
  caseId: string,
): Promise<AuditChainVerification> {
  const entries = await listAudit(source, caseId);
  let prevHash = GENESIS_HASH;
  for (const [index, entry] of entries.entries()) {
    const broken = (reason: 'HASH_MISMATCH' | 'PREV_HASH_MISMATCH' | 'SEQ_GAP', firstBrokenSeq = entry.seq) =>
      ({ ok: false, firstBrokenSeq, eventKey: entry.eventKey, reason }) as const;
    if (entry.seq !== index + 1) return broken('SEQ_GAP', index + 1);
    if (entry.prevHash !== prevHash) return broken('PREV_HASH_MISMATCH');
    if (computeAuditHash(entry) !== entry.hash) return broken('HASH_MISMATCH');
    prevHash = entry.hash;
  }
  return { ok: true, count: entries.length };
}
