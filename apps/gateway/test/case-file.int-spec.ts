import { createHash, randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import JSZip from 'jszip';
import { aCase, PEOPLE } from '../../../test/builders/case.builder';
import { CaseDriver, eventually } from '../../../test/support/case-driver';
import { startGateway, type GatewayHarness } from '../../../test/support/gateway-harness';
import { CaseFileExportService } from '../src/attachments/case-file-export.service';

/**
 * Issue 13 items 3–4 on a case driven to its end the way people would (the compressed policy lets the
 * month-long appeal window pass in about a minute): documents issued from its record as new versions in the
 * case file, and the export of the closed case, whose index lists every file with a matching checksum.
 */
const J = 'u-county-x';
const key = () => `k-${randomUUID()}`;
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const EVIDENCE = Buffer.from('%PDF-1.7\n% 采购合同及银行流水\n%%EOF\n');

let gw: GatewayHarness;
let caseId: string;
let cmo: string;
let officer: string;
let driver: CaseDriver;

const issue = (kind: string) =>
  gw
    .http()
    .post(`/cases/${caseId}/documents`)
    .set('authorization', officer)
    .set('idempotency-key', key())
    .send({ kind });
const exportOf = (token: string) =>
  gw
    .http()
    .get(`/cases/${caseId}/export`)
    .set('authorization', token)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });

beforeAll(async () => {
  gw = await startGateway({ worker: true, env: { ALLOWED_POLICY_VERSIONS: 'dom-2026.1,compressed-2026.1' } });
  cmo = await gw.token(PEOPLE.caseManagementOfficer, ['staff'], [J]);
  officer = await gw.token(PEOPLE.caseOfficer, ['staff'], [J]);
  const { openedBy: _o, requestKey: _r, ...body } = aCase().build();
  const opened = await gw
    .http()
    .post('/cases')
    .set('authorization', cmo)
    .set('idempotency-key', key())
    .send({ ...body, policyVersion: 'compressed-2026.1' });
  expect(opened.status).toBe(201);
  caseId = opened.body.caseId;
  driver = new CaseDriver(gw.app.get(Client), caseId);
});

afterAll(() => gw?.close());

describe('the case file of a case from intake to closing', () => {
  it('refuses to export an open case and to issue a sanction decision nobody decided', async () => {
    const uploaded = await gw
      .http()
      .post(`/cases/${caseId}/attachments`)
      .set('authorization', officer)
      .set('idempotency-key', key())
      .field('kind', 'FINANCIAL_RECORD')
      .attach('file', EVIDENCE, { filename: '银行流水.pdf' });
    expect(uploaded.status).toBe(201);
    const open = await exportOf(cmo);
    expect(open.status).toBe(409);
    expect(JSON.parse((open.body as Buffer).toString('utf8')).code).toBe('CASE_NOT_CLOSED');
    const job = await gw
      .http()
      .post(`/cases/${caseId}/exports`)
      .set('authorization', cmo)
      .set('idempotency-key', key());
    expect([job.status, job.body.code]).toEqual([409, 'CASE_NOT_CLOSED']);
    const early = await issue('SANCTION_DECISION');
    expect([early.status, early.body.code]).toEqual([422, 'DOCUMENT_DATA_MISSING']);
  });

  it('issues the sanction decision from the recorded decisions, a new version each time, audited', async () => {
    await driver.complete('intake', 'REGISTERED');
    await driver.complete('clueDisposal', 'PRELIM_VERIFY');
    await driver.complete('preliminaryVerification', 'FILE_CASE');
    await driver.complete('filing', 'FILED');
    await driver.complete('investigation', 'TO_TRIAL');
    await driver.complete('trialReview', 'AGREE');
    await driver.complete('sanction', 'EXPULSION', PEOPLE.standingCommittee.slice(0, 3));
    await driver.openTask('closing', 'decision');
    // The read model has the committee's votes once the decision rows are projected.
    const first = await eventually(async () => {
      const res = await issue('SANCTION_DECISION');
      return res.status === 201 ? res : undefined;
    }, 'the sanction decision issued');
    const second = await issue('SANCTION_DECISION');
    expect(second.status).toBe(201);
    const [registration]: { document_no: string }[] = await gw.dataSource.query(
      `SELECT document_no FROM case_registrations WHERE case_id = $1`,
      [caseId],
    );
    expect(registration.document_no).toEqual(expect.any(String));
    expect([first.body.document, second.body.document]).toEqual([
      { kind: 'SANCTION_DECISION', version: 1, documentNo: registration.document_no },
      { kind: 'SANCTION_DECISION', version: 2, documentNo: registration.document_no },
    ]);
    expect(first.body).toMatchObject({
      kind: 'ISSUED_DOCUMENT',
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const docx = await gw
      .http()
      .get(`/attachments/${first.body.attachmentId}`)
      .set('authorization', cmo)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(sha(docx.body as Buffer)).toBe(first.body.sha256);
    const xml = await (await JSZip.loadAsync(docx.body as Buffer)).file('word/document.xml')!.async('string');
    expect(xml).toContain('开除党籍处分');
    expect(xml).toContain(registration.document_no);
    expect((await issue('FILING_DECISION')).status).toBe(201);
    const audited: unknown[] = await gw.dataSource.query(
      `SELECT 1 FROM audit_entries WHERE case_id = $1 AND action = 'DOCUMENT_ISSUED'`,
      [caseId],
    );
    expect(audited).toHaveLength(3);
  });

  it('exports the closed case as a zip whose index lists every file with a matching checksum', async () => {
    await driver.complete('closing', 'CLOSED');
    await eventually(
      async () => {
        const res = await gw.http().get(`/cases/${caseId}`).set('authorization', cmo);
        return res.body.case?.status === 'CLOSED' ? true : undefined;
      },
      'the case closed after the appeal window',
      200_000,
    );
    const res = await exportOf(cmo);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const zip = await JSZip.loadAsync(res.body as Buffer);
    const index = JSON.parse(await zip.file('evidence-index.json')!.async('string')) as {
      files: { path: string; sha256: string; size: number; attachmentId?: string }[];
      evidence: { items: { attachmentId: string; sha256: string }[] };
      audit: { ok: boolean };
    };
    const mismatched: string[] = [];
    for (const file of index.files) {
      const entry = zip.file(file.path);
      const bytes = entry ? await entry.async('nodebuffer') : null;
      if (!bytes || sha(bytes) !== file.sha256 || bytes.length !== file.size) mismatched.push(file.path);
    }
    expect(mismatched).toEqual([]);
    // Every file of the case file is in the archive, and nothing else but the index and the audit.
    expect(index.evidence.items).toHaveLength(4);
    expect(
      index.files
        .filter((f) => f.attachmentId)
        .map((f) => [f.attachmentId, f.sha256])
        .sort(),
    ).toEqual(index.evidence.items.map((i) => [i.attachmentId, i.sha256]).sort());
    expect(
      Object.keys(zip.files)
        .filter((name) => !zip.files[name].dir)
        .sort(),
    ).toEqual([...index.files.map((f) => f.path), 'evidence-index.json'].sort());
    expect(index.audit.ok).toBe(true);
    const trail = JSON.parse(await zip.file('audit/audit-trail.json')!.async('string')) as {
      entries: { action: string }[];
    };
    expect(trail.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['CASE_CLOSED', 'CASE_FILE_EXPORTED']));
    const csv = await zip.file('evidence-index.csv')!.async('string');
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(1 + 4);
    // The month-long appeal window passes in about a minute of compressed case time.
  }, 300_000);

  it('exports the closed case in the background, shows its progress, and downloads the stored archive, audited', async () => {
    const k = key();
    const started = await gw
      .http()
      .post(`/cases/${caseId}/exports`)
      .set('authorization', cmo)
      .set('idempotency-key', k);
    expect(started.status).toBe(202);
    const records: { size_bytes: string }[] = await gw.dataSource.query(
      `SELECT size_bytes FROM case_attachments WHERE case_id = $1`,
      [caseId],
    );
    const bytesTotal = records.reduce((sum, r) => sum + Number(r.size_bytes), 0);
    expect(started.body).toMatchObject({
      exportId: expect.stringMatching(/^exp-/),
      caseId,
      requestedBy: PEOPLE.caseManagementOfficer,
      filesTotal: records.length + 4,
      bytesTotal,
      archive: null,
    });
    const exportId: string = started.body.exportId;
    const retry = await gw.http().post(`/cases/${caseId}/exports`).set('authorization', cmo).set('idempotency-key', k);
    expect([retry.status, retry.body.exportId]).toEqual([200, exportId]);

    // What the job counts: one report per archived entry, with the stored files' sizes.
    const entries: { path: string; size: number }[] = [];
    const probe = await gw.app.get(CaseFileExportService).archive(caseId, 'probe', (entry) => entries.push(entry));
    for await (const _chunk of probe);
    expect([entries.length, entries.reduce((sum, e) => sum + e.size, 0)]).toEqual([records.length + 4, bytesTotal]);

    const seen: number[] = [];
    const done = await eventually(async () => {
      const res = await gw.http().get(`/cases/${caseId}/exports/${exportId}`).set('authorization', cmo);
      expect(res.status).toBe(200);
      seen.push(res.body.filesDone);
      return res.body.status === 'DONE' ? res.body : undefined;
    }, 'the export done');
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(done).toMatchObject({ filesDone: records.length + 4, bytesDone: bytesTotal, error: null });

    const res = await gw
      .http()
      .get(`/cases/${caseId}/exports/${exportId}/archive`)
      .set('authorization', officer)
      .buffer(true)
      .parse((stream, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const zipBytes = res.body as Buffer;
    expect({ sha256: sha(zipBytes), size: zipBytes.length }).toEqual(done.archive);
    const zip = await JSZip.loadAsync(zipBytes);
    const index = JSON.parse(await zip.file('evidence-index.json')!.async('string')) as {
      files: { path: string; sha256: string }[];
    };
    const mismatched: string[] = [];
    for (const file of index.files) {
      const bytes = await zip.file(file.path)?.async('nodebuffer');
      if (!bytes || sha(bytes) !== file.sha256) mismatched.push(file.path);
    }
    expect([index.files.length, mismatched]).toEqual([records.length + 3, []]);
    const trail = JSON.parse(await zip.file('audit/audit-trail.json')!.async('string')) as {
      entries: { action: string; after: { exportId?: string } | null }[];
    };
    expect(trail.entries.filter((e) => e.after?.exportId === exportId).map((e) => e.action)).toEqual([
      'CASE_FILE_EXPORTED',
    ]);
    const downloads: { actor_id: string }[] = await gw.dataSource.query(
      `SELECT actor_id FROM audit_entries
        WHERE case_id = $1 AND action = 'CASE_FILE_EXPORT_DOWNLOADED' AND after->>'exportId' = $2`,
      [caseId, exportId],
    );
    expect(downloads).toEqual([{ actor_id: PEOPLE.caseOfficer }]);
  });

  it('answers an unfinished export with CASE_FILE_EXPORT_NOT_READY and shows one its gateway lost as FAILED', async () => {
    const insert = (exportId: string, updatedAgo: string) =>
      gw.dataSource.query(
        `INSERT INTO case_file_exports
           (export_id, case_id, requested_by, request_key, status, files_total, bytes_total, updated_at)
         VALUES ($1, $2, $3, $4, 'RUNNING', 9, 1000, now() - $5::interval)`,
        [exportId, caseId, PEOPLE.caseManagementOfficer, key(), updatedAgo],
      );
    const running = `exp-${randomUUID()}`;
    const lost = `exp-${randomUUID()}`;
    await insert(running, '0 seconds');
    await insert(lost, '10 minutes');
    const archive = await gw.http().get(`/cases/${caseId}/exports/${running}/archive`).set('authorization', cmo);
    expect([archive.status, archive.body.code]).toEqual([409, 'CASE_FILE_EXPORT_NOT_READY']);
    const view = await gw.http().get(`/cases/${caseId}/exports/${lost}`).set('authorization', cmo);
    expect(view.body).toMatchObject({ status: 'FAILED', error: expect.stringContaining('stopped') });
    const other = await gw.http().get(`/cases/${caseId}/exports/exp-${randomUUID()}`).set('authorization', cmo);
    expect([other.status, other.body.code]).toEqual([404, 'CASE_FILE_EXPORT_NOT_FOUND']);
  });

  it('keeps the closed case file closed to new attachments and documents', async () => {
    const res = await issue('SERVICE_RECEIPT');
    expect([res.status, res.body.code]).toEqual([409, 'CASE_CLOSED']);
  });
});
