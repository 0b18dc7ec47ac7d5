import { In, MoreThan, type DataSource, type EntityManager } from 'typeorm';
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
  const [result] = await manager.transaction((tx) => appendAuditEntries(tx, [event]));
  return result;
}

/**
 * Appends `events` in order inside `tx`, which must be a transaction (the lock lasts until it ends): per case
 * one lock, one read of the chain's head and of the keys already stored, and one INSERT of every new entry,
 * where appending one by one took four statements and a savepoint each (issue 17). Returns each event's
 * stored entry; `appended` is false for a key stored before, which is left as it was.
 */
export async function appendAuditEntries(tx: EntityManager, events: readonly AuditEvent[]): Promise<Appended[]> {
  const results: Appended[] = new Array<Appended>(events.length);
  const caseIds = [...new Set(events.map((event) => event.caseId))].sort();
  // Sorted, so two transactions that both span cases lock them in the same order.
  for (const caseId of caseIds) {
    const at = events.flatMap((event, i) => (event.caseId === caseId ? [i] : []));
    const appended = await appendToChain(
      tx,
      caseId,
      at.map((i) => events[i]),
    );
    at.forEach((i, k) => (results[i] = appended[k]));
  }
  return results;
}

interface Appended {
  entry: AuditRecord;
  appended: boolean;
}

async function appendToChain(tx: EntityManager, caseId: string, events: AuditEvent[]): Promise<Appended[]> {
  const times = events.map((event) => {
    const at = new Date(event.at);
    if (Number.isNaN(at.getTime()))
      throw new InvalidProjectionError('at', `not an ISO timestamp (got ${JSON.stringify(event.at)})`);
    return at.toISOString();
  });
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [caseId]);
  // A separate statement from the lock: under READ COMMITTED it reads what committed while this one waited.
  const [chain] = (await tx.query(
    `SELECT (SELECT seq FROM audit_entries WHERE case_id = $1 ORDER BY seq DESC LIMIT 1) AS seq,
            (SELECT hash FROM audit_entries WHERE case_id = $1 ORDER BY seq DESC LIMIT 1) AS hash,
            ARRAY(SELECT event_key FROM audit_entries WHERE event_key = ANY($2)) AS stored`,
    [caseId, events.map((event) => event.eventKey)],
  )) as { seq: number | null; hash: string | null; stored: string[] }[];
  // By key: what is stored already, then what this batch appends. The same key twice in one batch is one
  // entry, as two appends of it would be.
  const byKey = new Map<string, AuditRecord>();
  if (chain.stored.length > 0) {
    for (const stored of await tx.getRepository(AuditEntryEntity).findBy({ eventKey: In(chain.stored) }))
      byKey.set(stored.eventKey, toAuditRecord(stored));
  }
  const fresh: AuditRecord[] = [];
  let seq = chain.seq ?? 0;
  let prevHash = chain.hash ?? GENESIS_HASH;
  events.forEach((event, i) => {
    if (byKey.has(event.eventKey)) return;
    seq += 1;
    const fields = {
      caseId,
      seq,
      eventKey: event.eventKey,
      actorId: event.actorId ?? null,
      action: event.action,
      at: times[i],
      before: toStoredJson(event.before),
      after: toStoredJson(event.after),
      prevHash,
    };
    const entry: AuditRecord = { ...fields, hash: computeAuditHash(fields) };
    prevHash = entry.hash;
    fresh.push(entry);
    byKey.set(event.eventKey, entry);
  });
  const firstAppends = new Set(fresh);
  const results = events.map((event) => {
    const entry = byKey.get(event.eventKey)!;
    const appended = firstAppends.delete(entry);
    return { entry, appended };
  });
  if (fresh.length === 0) return results;

  const values = fresh.map((_, row) => {
    const at = row * 10;
    return `($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5}, $${at + 6}, $${at + 7}::jsonb, $${at + 8}::jsonb, $${at + 9}, $${at + 10})`;
  });
  const params = fresh.flatMap((entry) => [
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
  ]);
  // ON CONFLICT covers the one race the case lock cannot: the same eventKey appended under another caseId.
  const inserted = (await tx.query(
    `INSERT INTO audit_entries (event_key, case_id, seq, actor_id, action, at, before, after, prev_hash, hash)
     VALUES ${values.join(', ')}
     ON CONFLICT (event_key) DO NOTHING
     RETURNING event_key`,
    params,
  )) as { event_key: string }[];
  if (inserted.length === fresh.length) return results;
  if (fresh.length > 1) {
    // A later entry would link to one that is not stored: the whole transaction goes back and is retried.
    throw new Error(`audit event keys of case ${caseId} were appended under another case meanwhile; retry`);
  }
  const winner = toAuditRecord(
    await tx.getRepository(AuditEntryEntity).findOneByOrFail({ eventKey: fresh[0].eventKey }),
  );
  return events.map(() => ({ entry: winner, appended: false }));
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
