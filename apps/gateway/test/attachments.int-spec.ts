import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { aCase, PEOPLE } from '../../../test/builders/case.builder';
import { eventually } from '../../../test/support/case-driver';
import { decideRecusal, startGateway, type GatewayHarness } from '../../../test/support/gateway-harness';
import { describeMemory, uploadLargeAttachment } from '../../../test/support/large-upload';

/**
 * Issue 13 items 1–2: attachments stored by the checksum the gateway computes, the evidence index, and
 * downloads by need-to-know, each audited, over HTTP on the real stack (PostgreSQL, Temporal, local store).
 */
const J = 'u-county-x';
const RECUSED = 'p-att-deputy-recused';
const CANDIDATE = 'p-att-cmo-candidate';
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const pdf = (text: string) => Buffer.from(`%PDF-1.7\n% ${text}\n${'0'.repeat(2000)}\n%%EOF\n`);
const key = () => `k-${randomUUID()}`;

let gw: GatewayHarness;
let caseId: string;
let cmo: string;
let officer: string;

/** Files anywhere under the gateway's attachment directory. */
const storedFiles = () =>
  readdirSync(gw.config.ATTACHMENT_LOCAL_DIR!, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));

function upload(token: string, bytes: Buffer, fields: Record<string, string> = { kind: 'DOCUMENT' }, k = key()) {
  let req = gw.http().post(`/cases/${caseId}/attachments`).set('authorization', token).set('idempotency-key', k);
  for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
  // The client claims PNG: the stored type comes from the bytes.
  return req.attach('file', bytes, { filename: '举报材料.pdf', contentType: 'image/png' });
}

const download = (token: string, attachmentId: string, traceId = `att-${randomUUID()}`) =>
  gw
    .http()
    .get(`/attachments/${attachmentId}`)
    .set('authorization', token)
    .set('x-request-id', traceId)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });

beforeAll(async () => {
  gw = await startGateway({ worker: true, env: { ATTACHMENT_MAX_BYTES: String(256 * 1024 ** 2) } });
  cmo = await gw.token(PEOPLE.caseManagementOfficer, ['staff'], [J]);
  officer = await gw.token(PEOPLE.caseOfficer, ['staff'], [J]);
  const { openedBy: _o, requestKey: _r, ...body } = aCase().build();
  const opened = await gw.http().post('/cases').set('authorization', cmo).set('idempotency-key', key()).send(body);
  expect(opened.status).toBe(201);
  caseId = opened.body.caseId;
  await eventually(async () => {
    const rows: unknown[] = await gw.dataSource.query(`SELECT 1 FROM cases WHERE case_id = $1`, [caseId]);
    return rows.length > 0 ? true : undefined;
  }, 'the case in the read model');
});

afterAll(() => gw?.close());

describe('attachments: upload, index, download', () => {
  let attachmentId: string;
  const bytes = pdf('举报材料：张某收受回扣');

  it('stores an upload under the SHA-256 the server computed, with the type sniffed from the bytes', async () => {
    const res = await upload(officer, bytes);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      caseId,
      sha256: sha(bytes),
      size: bytes.length,
      contentType: 'application/pdf',
      fileName: '举报材料.pdf',
      kind: 'DOCUMENT',
      stage: expect.any(String),
      addedBy: PEOPLE.caseOfficer,
      document: null,
    });
    attachmentId = res.body.attachmentId;
  });

  it('gives the same bytes back, with their checksum in Repr-Digest', async () => {
    const res = await download(cmo, attachmentId);
    expect(res.status).toBe(200);
    expect(sha(res.body as Buffer)).toBe(sha(bytes));
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['repr-digest']).toBe(`sha-256=:${createHash('sha256').update(bytes).digest('base64')}:`);
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('举报材料.pdf')}`);
  });

  it('answers a retried upload with the first one, and the same key with other bytes with 422', async () => {
    const k = key();
    const first = await upload(officer, pdf('第一次'), { kind: 'DOCUMENT' }, k);
    const retry = await upload(officer, pdf('第一次'), { kind: 'DOCUMENT' }, k);
    expect([first.status, retry.status]).toEqual([201, 200]);
    expect(retry.body.attachmentId).toBe(first.body.attachmentId);
    const other = await upload(officer, pdf('另一份'), { kind: 'DOCUMENT' }, k);
    expect([other.status, other.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
  });

  it('lists every file in the evidence index with who added it, when and at which stage', async () => {
    const res = await gw.http().get(`/cases/${caseId}/attachments`).set('authorization', cmo);
    expect(res.status).toBe(200);
    expect(res.body.items[0]).toMatchObject({
      attachmentId,
      kind: 'DOCUMENT',
      addedBy: PEOPLE.caseOfficer,
      addedAt: expect.any(String),
      stage: expect.any(String),
      citedBy: [],
    });
    expect(res.body.people).toEqual(expect.any(Object));
  });

  it('refuses an executable whatever the client calls it, and stores nothing', async () => {
    const before = storedFiles();
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), randomBytes(5000)]);
    const res = await upload(officer, elf);
    expect([res.status, res.body.code]).toEqual([415, 'ATTACHMENT_TYPE_NOT_ALLOWED']);
    expect(storedFiles()).toEqual(before);
  });

  it('refuses a task of another case and a file part sent before its fields', async () => {
    const task = await upload(officer, pdf('x'), { kind: 'DOCUMENT', taskId: 't-not-of-this-case' });
    expect([task.status, task.body.code]).toEqual([422, 'ATTACHMENT_TARGET_INVALID']);
    const noFile = await gw
      .http()
      .post(`/cases/${caseId}/attachments`)
      .set('authorization', officer)
      .set('idempotency-key', key())
      .field('kind', 'DOCUMENT');
    expect([noFile.status, noFile.body.code]).toEqual([400, 'MULTIPART_INVALID']);
    const json = await gw
      .http()
      .post(`/cases/${caseId}/attachments`)
      .set('authorization', officer)
      .set('idempotency-key', key())
      .send({ kind: 'DOCUMENT' });
    expect([json.status, json.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });

  it('streams a 200 MB upload without holding it in memory, and the checksum matches', async () => {
    const size = 200 * 1024 ** 2;
    const result = await uploadLargeAttachment(gw, caseId, officer, size);
    process.stdout.write(describeMemory('attachments, local store', result));
    expect(result.status).toBe(201);
    expect(JSON.parse(result.body)).toMatchObject({ sha256: result.sha256, size });
    // Holding the body would grow RSS by at least its size (a ratio of 1 or more). A streamed upload grows by
    // its buffers plus whatever the collector has not yet returned, which on a busy CI machine has reached a third.
    expect((result.rssPeak - result.rssBefore) / size).toBeLessThan(0.6);
  });
});

describe('attachments: need-to-know', () => {
  let attachmentId: string;
  const denied: string[] = [];

  beforeAll(async () => {
    const res = await upload(officer, pdf('谈话笔录'), { kind: 'MEETING_MINUTES' });
    expect(res.status).toBe(201);
    attachmentId = res.body.attachmentId;
    await makeCandidateAndRecusal();
  });

  /** As in the access matrix: a recused deputy, and a case-management officer added as trace-back candidate. */
  async function makeCandidateAndRecusal(): Promise<void> {
    const post = (path: string, token: string, body: object) =>
      gw.http().post(path).set('authorization', token).set('idempotency-key', key()).send(body);
    const recusal = await post(`/cases/${caseId}/conflicts`, await gw.token(RECUSED, ['approver'], [J]), {
      personId: RECUSED,
      ground: 'RELATIVE',
      reason: 'the subject is my brother-in-law',
    });
    expect(recusal.status).toBe(200);
    await decideRecusal(gw, recusal.body.recusalTaskId, await gw.token(PEOPLE.principalLeader, ['approver'], [J]));
    // The principal leader's own TRIGGER opens the trace-back at once (AR art. 9).
    const leader = await gw.token(PEOPLE.principalLeader, ['approver'], [J]);
    expect(
      (await post(`/cases/${caseId}/dual-investigation`, leader, { decision: 'TRIGGER', reason: 't' })).status,
    ).toBe(200);
    await eventually(async () => {
      const view = await gw.http().get(`/cases/${caseId}/accountability`).set('authorization', cmo);
      return view.body.live?.stage === 'candidateConfirmation' ? true : undefined;
    }, 'the trace-back confirming candidates');
    const added = await post(`/cases/${caseId}/trace-back/candidates`, cmo, {
      target: 'person',
      personId: CANDIDATE,
      responsibility: 'supervisoryResponsibility',
      suggestedType: 'IMPORTANT_LEADERSHIP',
      reason: 'attachments access',
    });
    expect(added.status).toBe(200);
    await eventually(async () => {
      const rows: { target_ids: string[]; recused_ids: string[] }[] = await gw.dataSource.query(
        `SELECT target_ids, recused_ids FROM cases WHERE case_id = $1`,
        [caseId],
      );
      return rows[0]?.target_ids.includes(CANDIDATE) && rows[0].recused_ids.includes(RECUSED) ? true : undefined;
    }, 'the candidate and the recusal in the read model');
  }

  it.each([
    ['the subject, as staff of the commission', PEOPLE.subject, ['staff'] as const],
    ['a trace-back candidate', CANDIDATE, ['staff', 'supervisor'] as const],
    ['a recused deputy', RECUSED, ['approver'] as const],
    ['an outsider', PEOPLE.outsider, [] as const],
    ['a supervisor (metadata only)', 'p-att-supervisor', ['supervisor'] as const],
  ])('%s can neither list nor download', async (_who, personId, roles) => {
    const token = await gw.token(personId, [...roles], [J]);
    const list = await gw.http().get(`/cases/${caseId}/attachments`).set('authorization', token);
    expect([list.status, list.body.code]).toEqual([404, 'CASE_NOT_FOUND']);
    const traceId = `att-denied-${randomUUID()}`;
    const file = await download(token, attachmentId, traceId);
    expect(file.status).toBe(404);
    expect(JSON.parse((file.body as Buffer).toString('utf8')).code).toBe('ATTACHMENT_NOT_FOUND');
    const up = await upload(token, pdf('not mine'));
    expect([up.status, up.body.code]).toEqual([404, 'CASE_NOT_FOUND']);
    denied.push(traceId);
  });

  it('audits every download on the case chain, and every refused one, and the chain still verifies', async () => {
    const traceIds = [`att-ok-${randomUUID()}`, `att-ok-${randomUUID()}`];
    for (const traceId of traceIds) expect((await download(officer, attachmentId, traceId)).status).toBe(200);
    const rows: { action: string; actor_id: string; trace_id: string; attachment_id: string | null }[] =
      await gw.dataSource.query(
        `SELECT action, actor_id, after->>'traceId' AS trace_id, after->>'attachmentId' AS attachment_id
           FROM audit_entries WHERE case_id = $1 AND after->>'traceId' = ANY($2::text[])`,
        [caseId, [...traceIds, ...denied]],
      );
    expect(rows.filter((r) => r.action === 'ATTACHMENT_DOWNLOADED')).toEqual(
      traceIds.map((traceId) => ({
        action: 'ATTACHMENT_DOWNLOADED',
        actor_id: PEOPLE.caseOfficer,
        trace_id: traceId,
        attachment_id: attachmentId,
      })),
    );
    expect(
      rows
        .filter((r) => r.action === 'DENIED')
        .map((r) => r.trace_id)
        .sort(),
    ).toEqual([...denied].sort());
    const added: unknown[] = await gw.dataSource.query(
      `SELECT 1 FROM audit_entries WHERE case_id = $1 AND action = 'ATTACHMENT_ADDED' AND after->>'attachmentId' = $2`,
      [caseId, attachmentId],
    );
    expect(added).toHaveLength(1);
    const verify = await gw.http().get(`/cases/${caseId}/audit/verify`).set('authorization', cmo);
    expect(verify.body).toMatchObject({ ok: true });
  });
});

describe('attachments: size limit', () => {
  let small: GatewayHarness;
  beforeAll(async () => {
    // Same Temporal task queue, so the first gateway's worker answers this one's case queries.
    small = await startGateway({
      env: { ATTACHMENT_MAX_BYTES: '4096', TEMPORAL_TASK_QUEUE: gw.config.TEMPORAL_TASK_QUEUE },
    });
  });
  afterAll(() => small?.close());

  it('answers an upload over ATTACHMENT_MAX_BYTES with 413 ATTACHMENT_TOO_LARGE and stores nothing', async () => {
    const res = await small
      .http()
      .post(`/cases/${caseId}/attachments`)
      .set('authorization', await small.token(PEOPLE.caseOfficer, ['staff'], [J]))
      .set('idempotency-key', key())
      .field('kind', 'DOCUMENT')
      .attach('file', pdf('x'.repeat(10_000)), { filename: 'big.pdf' });
    expect([res.status, res.body.code]).toEqual([413, 'ATTACHMENT_TOO_LARGE']);
    const files = readdirSync(small.config.ATTACHMENT_LOCAL_DIR!, { recursive: true, withFileTypes: true });
    expect(files.filter((e) => e.isFile())).toEqual([]);
    const rows: unknown[] = await small.dataSource.query(`SELECT 1 FROM case_attachments`);
    expect(rows).toEqual([]);
  });
});
