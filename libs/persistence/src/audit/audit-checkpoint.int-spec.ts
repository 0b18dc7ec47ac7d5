import type { DataSource } from 'typeorm';
import { anAuditEvent } from '../testing/projection-builders';
import { ownerAndAppConnections } from '../testing/owner-and-app';
import { checkpointAuditChains, verifyAnchoredChain } from './audit-checkpoint';
import { computeAuditHash } from './audit-hash';
import { appendAuditEntry, listAudit } from './audit-log';

const k1 = { id: 'k1', secret: 'a'.repeat(32) };
const k2 = { id: 'k2', secret: 'b'.repeat(32) };

describe('signed audit checkpoints', () => {
  const connections = ownerAndAppConnections();
  let owner: DataSource;
  let app: DataSource;
  beforeAll(() => {
    owner = connections.owner();
    app = connections.app();
  });

  async function appendChain(caseId: string, from: number, to: number): Promise<void> {
    for (let i = from; i <= to; i += 1) {
      await appendAuditEntry(
        app.manager,
        anAuditEvent({ caseId, eventKey: `${caseId}:step-${i}`, after: { step: i } }),
      );
    }
  }

  it('signs only chains that grew, as the app role, and verifies them', async () => {
    await appendChain('cp-grow', 1, 3);
    expect((await checkpointAuditChains(app, [k1])).signed).toContain('cp-grow');
    expect((await checkpointAuditChains(app, [k1])).signed).not.toContain('cp-grow');
    await appendChain('cp-grow', 4, 5);
    expect((await checkpointAuditChains(app, [k1])).signed).toContain('cp-grow');
    const rows: { from_seq: number; to_seq: number }[] = await owner.query(
      `SELECT from_seq, to_seq FROM audit_checkpoints WHERE case_id = 'cp-grow' ORDER BY to_seq`,
    );
    expect(rows).toEqual([
      { from_seq: 1, to_seq: 3 },
      { from_seq: 4, to_seq: 5 },
    ]);
    const { entries: _e, ...verified } = await verifyAnchoredChain(app, 'cp-grow', [k1]);
    expect(verified).toMatchObject({ ok: true, count: 5, checkpoint: { seq: 5, keyId: 'k1', valid: true } });
  });

  it('keeps verifying checkpoints of a rotated key while it is listed, and not after', async () => {
    await appendChain('cp-rotate', 1, 2);
    await checkpointAuditChains(app, [k1]);
    await appendChain('cp-rotate', 3, 3);
    await checkpointAuditChains(app, [k2, k1]);
    expect(await verifyAnchoredChain(app, 'cp-rotate', [k2, k1])).toMatchObject({ ok: true });
    expect(await verifyAnchoredChain(app, 'cp-rotate', [k2])).toMatchObject({
      ok: false,
      checkpoint: { seq: 3, keyId: 'k2', valid: false },
    });
  });

  it('refuses to sign a chain rewritten since its last checkpoint, and names the first rewritten entry', async () => {
    await appendChain('cp-rewrite', 1, 4);
    await checkpointAuditChains(app, [k1]);
    const stored = await listAudit(owner, 'cp-rewrite');
    await owner.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_entries DISABLE TRIGGER ALL');
      let prevHash = stored[1].prevHash;
      for (const entry of stored.slice(1)) {
        const forged = { ...entry, after: entry.seq === 2 ? { step: 'forged' } : entry.after, prevHash };
        prevHash = computeAuditHash(forged);
        await tx.query(
          `UPDATE audit_entries SET after = $3::jsonb, prev_hash = $4, hash = $5 WHERE case_id = $1 AND seq = $2`,
          ['cp-rewrite', entry.seq, JSON.stringify(forged.after), forged.prevHash, prevHash],
        );
      }
      await tx.query('ALTER TABLE audit_entries ENABLE TRIGGER ALL');
    });
    await appendChain('cp-rewrite', 5, 5);
    expect((await checkpointAuditChains(app, [k1])).refused).toContain('cp-rewrite');
    expect(await verifyAnchoredChain(app, 'cp-rewrite', [k1])).toMatchObject({
      ok: false,
      count: 1,
      firstBroken: { seq: 2, eventKey: 'cp-rewrite:step-2', reason: 'REWRITTEN' },
    });
  });

  it('lets the app role neither change nor remove a checkpoint', async () => {
    await appendChain('cp-locked', 1, 1);
    await checkpointAuditChains(app, [k1]);
    await expect(app.query(`UPDATE audit_checkpoints SET signature = 'x' WHERE case_id = 'cp-locked'`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(owner.query(`DELETE FROM audit_checkpoints WHERE case_id = 'cp-locked'`)).rejects.toThrow(
      /append-only/,
    );
  });
});
