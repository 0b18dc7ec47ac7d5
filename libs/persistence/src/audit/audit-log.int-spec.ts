import type { DataSource } from 'typeorm';
import { anAuditEvent } from '../testing/projection-builders';
import { ownerAndAppConnections } from '../testing/owner-and-app';
import { computeAuditHash, GENESIS_HASH } from './audit-hash';
import { appendAuditEntries, appendAuditEntry, listAudit, verifyAuditChain } from './audit-log';

describe('audit log', () => {
  const connections = ownerAndAppConnections();
  let owner: DataSource;
  let app: DataSource;
  beforeAll(() => {
    owner = connections.owner();
    app = connections.app();
  });

  async function appendChain(caseId: string, length: number) {
    const entries = [];
    for (let i = 1; i <= length; i += 1) {
      const event = anAuditEvent({ caseId, eventKey: `case-${caseId}:step-${i}`, after: { step: i } });
      entries.push((await appendAuditEntry(app.manager, event)).entry);
    }
    return entries;
  }

  /** What an attacker with superuser rights can do: switch the append-only trigger off, edit, switch it on. */
  async function tamper(sql: string, params: unknown[]): Promise<void> {
    await owner.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_entries DISABLE TRIGGER ALL');
      await tx.query(sql, params);
      await tx.query('ALTER TABLE audit_entries ENABLE TRIGGER ALL');
    });
  }

  it('links each entry to the hash of the one before, starting from the genesis hash', async () => {
    const entries = await appendChain('chain-links', 3);

    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[0].prevHash).toBe(GENESIS_HASH);
    expect(entries[1].prevHash).toBe(entries[0].hash);
    expect(entries[2].prevHash).toBe(entries[1].hash);
    expect(await listAudit(owner, 'chain-links')).toEqual(entries);
    await expect(verifyAuditChain(owner, 'chain-links')).resolves.toEqual({ ok: true, count: 3 });
  });

  it('returns the stored entry and writes nothing when an event key is appended again', async () => {
    const event = anAuditEvent({ caseId: 'retried', eventKey: 'case-retried:filing' });
    const first = await appendAuditEntry(app.manager, event);
    const retry = await appendAuditEntry(app.manager, { ...event, after: { changed: true } });

    expect(first.appended).toBe(true);
    expect(retry).toEqual({ entry: first.entry, appended: false });
    expect(await listAudit(owner, 'retried')).toHaveLength(1);
  });

  it('gives concurrent appends to one case consecutive seqs and an intact chain', async () => {
    const events = Array.from({ length: 12 }, (_, i) =>
      anAuditEvent({ caseId: 'concurrent', eventKey: `case-concurrent:step-${i}` }),
    );
    await Promise.all(events.map((event) => appendAuditEntry(app.manager, event)));

    expect((await listAudit(owner, 'concurrent')).map((e) => e.seq)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    await expect(verifyAuditChain(owner, 'concurrent')).resolves.toEqual({ ok: true, count: 12 });
  });

  describe('in batches (issue 17: a decision appends its entries in one statement)', () => {
    const events = (caseId: string, from: number, count: number) =>
      Array.from({ length: count }, (_, i) =>
        anAuditEvent({ caseId, eventKey: `case-${caseId}:batch-${from + i}`, after: { step: from + i } }),
      );

    it("continues the chain with a batch, in the batch's order", async () => {
      const before = await appendChain('batched', 2);
      const results = await app.transaction((tx) => appendAuditEntries(tx, events('batched', 3, 3)));

      expect(results.map((r) => [r.entry.seq, r.appended])).toEqual([
        [3, true],
        [4, true],
        [5, true],
      ]);
      expect(results[0].entry.prevHash).toBe(before[1].hash);
      expect(await listAudit(owner, 'batched')).toEqual([...before, ...results.map((r) => r.entry)]);
      await expect(verifyAuditChain(owner, 'batched')).resolves.toEqual({ ok: true, count: 5 });
    });

    it('keeps the entries of keys stored before and appends only the others', async () => {
      const [first, second] = events('partly', 1, 2);
      const stored = await appendAuditEntry(app.manager, first);
      const results = await app.transaction((tx) =>
        appendAuditEntries(tx, [{ ...first, after: { changed: true } }, second, second]),
      );

      expect(results[0]).toEqual({ entry: stored.entry, appended: false });
      expect(results[1]).toMatchObject({ appended: true, entry: { seq: 2, prevHash: stored.entry.hash } });
      expect(results[2]).toEqual({ entry: results[1].entry, appended: false });
      await expect(verifyAuditChain(owner, 'partly')).resolves.toEqual({ ok: true, count: 2 });
    });

    it('keeps one gapless chain when batches and single appends of a case run at once', async () => {
      await Promise.all([
        ...[0, 1, 2, 3].map((b) => app.transaction((tx) => appendAuditEntries(tx, events('mixed', b * 10, 3)))),
        ...events('mixed', 100, 4).map((event) => appendAuditEntry(app.manager, event)),
      ]);

      expect((await listAudit(owner, 'mixed')).map((e) => e.seq)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
      await expect(verifyAuditChain(owner, 'mixed')).resolves.toEqual({ ok: true, count: 16 });
    });

    it('sends three statements for a batch of any length: the lock, the head with the stored keys, the insert', async () => {
      const runner = app.createQueryRunner();
      const sent: string[] = [];
      const query = runner.query.bind(runner);
      runner.query = ((sql: string, ...rest: unknown[]) => {
        sent.push(sql);
        return (query as (...args: unknown[]) => Promise<unknown>)(sql, ...rest);
      }) as typeof runner.query;
      try {
        await runner.startTransaction();
        sent.length = 0;
        await appendAuditEntries(runner.manager, events('counted', 1, 5));
        await runner.commitTransaction();
      } finally {
        await runner.release();
      }
      expect(sent).toHaveLength(4); // the three, then COMMIT
      await expect(verifyAuditChain(owner, 'counted')).resolves.toEqual({ ok: true, count: 5 });
    });
  });

  it('hashes before and after as they read back from jsonb, so key order and undefined members do not matter', async () => {
    await appendAuditEntry(
      app.manager,
      anAuditEvent({ caseId: 'jsonb', before: undefined, after: { z: 1, a: { y: [1, 'two', null], b: undefined } } }),
    );

    const [entry] = await listAudit(owner, 'jsonb');
    expect(entry.before).toBeNull();
    expect(entry.after).toEqual({ a: { y: [1, 'two', null] }, z: 1 });
    await expect(verifyAuditChain(owner, 'jsonb')).resolves.toEqual({ ok: true, count: 1 });
  });

  it('names seq 3 when its stored content was edited behind the trigger', async () => {
    const entries = await appendChain('edited', 5);
    await tamper(`UPDATE audit_entries SET after = '{"step": 99}' WHERE case_id = $1 AND seq = 3`, ['edited']);

    await expect(verifyAuditChain(owner, 'edited')).resolves.toEqual({
      ok: false,
      firstBrokenSeq: 3,
      eventKey: entries[2].eventKey,
      reason: 'HASH_MISMATCH',
    });
  });

  it('names the next entry when an edited entry was also given a freshly computed hash', async () => {
    const entries = await appendChain('rehashed', 4);
    const forged = { ...entries[1], after: { step: 'forged' } };
    await tamper(`UPDATE audit_entries SET after = $2::jsonb, hash = $3 WHERE case_id = $1 AND seq = 2`, [
      'rehashed',
      JSON.stringify(forged.after),
      computeAuditHash(forged),
    ]);

    await expect(verifyAuditChain(owner, 'rehashed')).resolves.toEqual({
      ok: false,
      firstBrokenSeq: 3,
      eventKey: entries[2].eventKey,
      reason: 'PREV_HASH_MISMATCH',
    });
  });

  it('reports the missing seq when an entry was deleted from the middle', async () => {
    const entries = await appendChain('deleted', 4);
    await tamper('DELETE FROM audit_entries WHERE case_id = $1 AND seq = 2', ['deleted']);

    await expect(verifyAuditChain(owner, 'deleted')).resolves.toEqual({
      ok: false,
      firstBrokenSeq: 2,
      eventKey: entries[2].eventKey,
      reason: 'SEQ_GAP',
    });
  });

  it('refuses UPDATE, DELETE and TRUNCATE even for the table owner', async () => {
    await appendChain('owner-blocked', 1);

    await expect(owner.query(`UPDATE audit_entries SET action = 'x' WHERE case_id = 'owner-blocked'`)).rejects.toThrow(
      /append-only: UPDATE rejected/,
    );
    await expect(owner.query(`DELETE FROM audit_entries WHERE case_id = 'owner-blocked'`)).rejects.toThrow(
      /append-only: DELETE rejected/,
    );
    await expect(owner.query('TRUNCATE audit_entries')).rejects.toThrow(/append-only: TRUNCATE rejected/);
    expect(await listAudit(owner, 'owner-blocked')).toHaveLength(1);
  });

  it('denies the app role UPDATE and DELETE by privilege, independently of the trigger', async () => {
    await appendChain('app-denied', 1);
    await owner.query('ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only');
    try {
      await expect(app.query(`UPDATE audit_entries SET action = 'x' WHERE case_id = 'app-denied'`)).rejects.toThrow(
        /permission denied for table audit_entries/,
      );
      await expect(app.query(`DELETE FROM audit_entries WHERE case_id = 'app-denied'`)).rejects.toThrow(
        /permission denied for table audit_entries/,
      );
    } finally {
      await owner.query('ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only');
    }
    await expect(verifyAuditChain(owner, 'app-denied')).resolves.toEqual({ ok: true, count: 1 });
  });
});
