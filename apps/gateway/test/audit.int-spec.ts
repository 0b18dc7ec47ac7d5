import { randomInt, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { computeAuditHash, listAudit } from '@shuangcha/persistence';
import { aCase, PEOPLE } from '../../../test/builders/case.builder';
import { eventually } from '../../../test/support/case-driver';
import { startGateway, type GatewayHarness } from '../../../test/support/gateway-harness';
import { AuditCheckpointService } from '../src/audit/audit-checkpoint.service';

// Case numbers outside the builder's range: workflow ids are shared by every test file on the dev server.
const uniqueCaseNo = () => `2026-${randomInt(900_000, 1_000_000)}`;
const J = 'u-county-x';
let gw: GatewayHarness;
let caseId: string;
let cmo: string;

beforeAll(async () => {
  gw = await startGateway({ worker: true });
  cmo = await gw.token(PEOPLE.caseManagementOfficer, ['staff'], [J]);
  const { openedBy: _o, requestKey: _r, ...body } = aCase().build();
  const opened = await gw
    .http()
    .post('/cases')
    .set('authorization', cmo)
    .set('idempotency-key', `k-${randomUUID()}`)
    .send(body);
  expect(opened.status).toBe(201);
  caseId = opened.body.caseId;
  await eventually(
    async () => ((await listAudit(gw.dataSource, caseId)).length >= 2 ? true : undefined),
    'audit entries',
  );
});

afterAll(() => gw?.close());

describe('case audit routes', () => {
  it('lists every audit event of the case with its hash chain for the case team', async () => {
    const res = await gw.http().get(`/cases/${caseId}/audit`).set('authorization', cmo);
    expect(res.status).toBe(200);
    const stored = await listAudit(gw.dataSource, caseId);
    expect(res.body.caseId).toBe(caseId);
    expect(res.body.items).toHaveLength(stored.length);
    expect(res.body.items[0]).toEqual({
      seq: 1,
      eventKey: stored[0].eventKey,
      actorId: stored[0].actorId,
      action: stored[0].action,
      at: stored[0].at,
      before: stored[0].before,
      after: stored[0].after,
      hash: stored[0].hash,
      prevHash: '0'.repeat(64),
    });
    for (let i = 1; i < res.body.items.length; i += 1)
      expect(res.body.items[i].prevHash).toBe(res.body.items[i - 1].hash);
  });

  it('lists only one person’s entries with ?actorId= (a recused person’s past actions, DOMAIN §5)', async () => {
    const stored = await listAudit(gw.dataSource, caseId);
    const actorId = stored.find((e) => e.actorId !== null)!.actorId!;
    const res = await gw.http().get(`/cases/${caseId}/audit?actorId=${actorId}&limit=500`).set('authorization', cmo);
    expect(res.status).toBe(200);
    expect(res.body.items.map((e: { seq: number }) => e.seq)).toEqual(
      stored.filter((e) => e.actorId === actorId).map((e) => e.seq),
    );
    const nobody = await gw.http().get(`/cases/${caseId}/audit?actorId=${PEOPLE.outsider}`).set('authorization', cmo);
    expect(nobody.body.items).toEqual([]);
    const bad = await gw.http().get(`/cases/${caseId}/audit?actorId=not%20a%20person`).set('authorization', cmo);
    expect(bad.status).toBe(400);
  });

  it('refuses supervisors the content (403) and outsiders and the subject the case (404), audited', async () => {
    const supervisor = await gw
      .http()
      .get(`/cases/${caseId}/audit`)
      .set('authorization', await gw.token('p-sup-a', ['supervisor'], [J]));
    expect(supervisor.status).toBe(403);
    expect(supervisor.body.code).toBe('FORBIDDEN');
    const verify = await gw
      .http()
      .get(`/cases/${caseId}/audit/verify`)
      .set('authorization', await gw.token('p-sup-a', ['supervisor'], [J]));
    expect(verify.status).toBe(200);
    for (const token of [
      await gw.token(PEOPLE.outsider, ['staff'], ['u-elsewhere']),
      await gw.token(PEOPLE.subject, ['staff'], [J]),
    ]) {
      for (const path of [`/cases/${caseId}/audit`, `/cases/${caseId}/audit/verify`]) {
        const res = await gw.http().get(path).set('authorization', token);
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('CASE_NOT_FOUND');
      }
    }
    const denials = (await listAudit(gw.dataSource, caseId)).filter((e) => e.action === 'DENIED');
    expect(denials.map((e) => e.actorId).sort()).toEqual(
      ['p-sup-a', PEOPLE.outsider, PEOPLE.outsider, PEOPLE.subject, PEOPLE.subject].sort(),
    );
  });

  it('verifies an intact chain, then names the entry edited directly in PostgreSQL', async () => {
    const intact = await gw.http().get(`/cases/${caseId}/audit/verify`).set('authorization', cmo);
    const stored = await listAudit(gw.dataSource, caseId);
    expect(intact.body).toEqual({ caseId, ok: true, count: stored.length, headHash: stored.at(-1)!.hash });

    const victim = stored[1];
    // The app role may not UPDATE audit_entries and a trigger refuses it too: only a superuser can, like this.
    const admin = new Client({ connectionString: gw.databaseUrl });
    await admin.connect();
    try {
      await admin.query('ALTER TABLE audit_entries DISABLE TRIGGER ALL');
      await admin.query(`UPDATE audit_entries SET actor_id = 'p-forger' WHERE case_id = $1 AND seq = $2`, [
        caseId,
        victim.seq,
      ]);
      await admin.query('ALTER TABLE audit_entries ENABLE TRIGGER ALL');
    } finally {
      await admin.end();
    }

    const broken = await gw.http().get(`/cases/${caseId}/audit/verify`).set('authorization', cmo);
    expect(broken.status).toBe(200);
    expect(broken.body).toEqual({
      caseId,
      ok: false,
      count: victim.seq - 1,
      firstBroken: { seq: victim.seq, eventKey: victim.eventKey, reason: 'HASH_MISMATCH' },
    });
  });

  describe('against signed checkpoints', () => {
    async function openCase(): Promise<string> {
      const { openedBy: _o, requestKey: _r, ...body } = aCase().withCaseNo(uniqueCaseNo()).build();
      const opened = await gw
        .http()
        .post('/cases')
        .set('authorization', cmo)
        .set('idempotency-key', `k-${randomUUID()}`)
        .send(body);
      expect(opened.status).toBe(201);
      const id = opened.body.caseId as string;
      await eventually(async () => ((await listAudit(gw.dataSource, id)).length >= 2 ? true : undefined), 'entries');
      return id;
    }

    /** What only a superuser can do: the app role may not, and a trigger refuses it until disabled. */
    async function asSuperuser(run: (admin: Client) => Promise<void>): Promise<void> {
      const admin = new Client({ connectionString: gw.databaseUrl });
      await admin.connect();
      try {
        await admin.query('ALTER TABLE audit_entries DISABLE TRIGGER ALL');
        await run(admin);
        await admin.query('ALTER TABLE audit_entries ENABLE TRIGGER ALL');
      } finally {
        await admin.end();
      }
    }

    async function checkpointed(id: string): Promise<number> {
      const signed = await gw.app.get(AuditCheckpointService).checkpointNow();
      // The case edited by the test above is refused; this one is intact and signed.
      expect(signed.refused).not.toContain(id);
      expect(signed.signed).toContain(id);
      const verified = await gw.http().get(`/cases/${id}/audit/verify`).set('authorization', cmo);
      expect(verified.body).toMatchObject({ ok: true, checkpoint: { valid: true, keyId: 'k1' } });
      return verified.body.checkpoint.seq as number;
    }

    it('names the first entry a superuser edited and rehashed every later entry after', async () => {
      const id = await openCase();
      const signedUpTo = await checkpointed(id);
      const stored = (await listAudit(gw.dataSource, id)).filter((e) => e.seq <= signedUpTo);
      const victim = stored[1];
      await asSuperuser(async (admin) => {
        let prevHash = stored[0].hash;
        for (const entry of stored.slice(1)) {
          const forged = { ...entry, actorId: entry.seq === victim.seq ? 'p-forger' : entry.actorId, prevHash };
          const hash = computeAuditHash(forged);
          await admin.query(
            `UPDATE audit_entries SET actor_id = $3, prev_hash = $4, hash = $5 WHERE case_id = $1 AND seq = $2`,
            [id, entry.seq, forged.actorId, prevHash, hash],
          );
          prevHash = hash;
        }
        // Entries appended after the checkpoint keep their link to the rewritten head.
        await admin.query(`UPDATE audit_entries SET prev_hash = $3 WHERE case_id = $1 AND seq = $2`, [
          id,
          signedUpTo + 1,
          prevHash,
        ]);
      });

      const res = await gw.http().get(`/cases/${id}/audit/verify`).set('authorization', cmo);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        ok: false,
        count: victim.seq - 1,
        firstBroken: { seq: victim.seq, eventKey: victim.eventKey, reason: 'REWRITTEN' },
        checkpoint: { seq: signedUpTo, valid: true },
      });
    });

    it('reports the removal of the newest entries as truncation', async () => {
      const id = await openCase();
      const signedUpTo = await checkpointed(id);
      await asSuperuser(async (admin) => {
        await admin.query(`DELETE FROM audit_entries WHERE case_id = $1 AND seq > $2`, [id, signedUpTo - 2]);
      });
      const res = await gw.http().get(`/cases/${id}/audit/verify`).set('authorization', cmo);
      expect(res.body).toMatchObject({
        caseId: id,
        ok: false,
        count: signedUpTo - 2,
        truncated: { checkpointSeq: signedUpTo, count: signedUpTo - 2 },
      });
      expect(res.body.firstBroken).toBeUndefined();
    });

    it('refuses a checkpoint whose signature was forged in the database', async () => {
      const id = await openCase();
      await checkpointed(id);
      const admin = new Client({ connectionString: gw.databaseUrl });
      await admin.connect();
      try {
        await admin.query('ALTER TABLE audit_checkpoints DISABLE TRIGGER ALL');
        await admin.query(`UPDATE audit_checkpoints SET signature = repeat('0', 64) WHERE case_id = $1`, [id]);
        await admin.query('ALTER TABLE audit_checkpoints ENABLE TRIGGER ALL');
      } finally {
        await admin.end();
      }
      const res = await gw.http().get(`/cases/${id}/audit/verify`).set('authorization', cmo);
      expect(res.body).toMatchObject({ ok: false, checkpoint: { valid: false } });
    });
  });
});
