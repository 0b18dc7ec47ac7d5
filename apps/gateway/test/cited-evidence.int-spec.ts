import { createHash, randomUUID } from 'node:crypto';
import { aCase, PEOPLE } from '../../../test/builders/case.builder';
import { eventually } from '../../../test/support/case-driver';
import { startGateway, type GatewayHarness } from '../../../test/support/gateway-harness';

/**
 * Issue 13: the evidence a rectification item of a case's problem list cites must be in that case's file
 * with the checksum stored there. The gateway checks it before the Update is sent, so a refused report or
 * submission records nothing, on the item, in the read model or in the audit.
 */
const J = 'u-county-x';
const RESPONSIBLE = 'p-ce-responsible';
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const pdf = (text: string) => Buffer.from(`%PDF-1.7\n% ${text}\n%%EOF\n`);
const key = () => `k-${randomUUID()}`;
const inAYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);

let gw: GatewayHarness;
let cmo: string;
let officer: string;
let responsible: string;
let caseId: string;
let listId: string;
/** An attachment of the case, and one of another case. */
let ours: { attachmentId: string; sha256: string };
let theirs: { attachmentId: string; sha256: string };

async function openCase(): Promise<string> {
  const { openedBy: _o, requestKey: _r, ...body } = aCase().build();
  const opened = await gw.http().post('/cases').set('authorization', cmo).set('idempotency-key', key()).send(body);
  expect(opened.status).toBe(201);
  const id: string = opened.body.caseId;
  await eventually(async () => {
    const rows: unknown[] = await gw.dataSource.query(`SELECT 1 FROM cases WHERE case_id = $1`, [id]);
    return rows.length > 0 ? true : undefined;
  }, 'the case in the read model');
  return id;
}

async function upload(toCase: string, bytes: Buffer): Promise<{ attachmentId: string; sha256: string }> {
  const res = await gw
    .http()
    .post(`/cases/${toCase}/attachments`)
    .set('authorization', officer)
    .set('idempotency-key', key())
    .field('kind', 'REGULATION')
    .attach('file', bytes, { filename: '整改制度.pdf' });
  expect(res.status).toBe(201);
  return { attachmentId: res.body.attachmentId, sha256: res.body.sha256 };
}

const report = (path: 'progress' | 'submission', body: object, k = key()) =>
  gw
    .http()
    .post(`/rectification/lists/${listId}/items/R1/${path}`)
    .set('authorization', responsible)
    .set('idempotency-key', k)
    .send(body);

/** What the item has recorded: its read-model row and the audit entries of the list. */
async function recorded() {
  const [item]: { state: string; evidence: unknown[]; submitted_at: Date | null }[] = await gw.dataSource.query(
    `SELECT state, evidence, submitted_at FROM rectification_items WHERE list_id = $1 AND item_key = 'R1'`,
    [listId],
  );
  const audit: { action: string }[] = await gw.dataSource.query(
    `SELECT action FROM audit_entries WHERE case_id = $1 ORDER BY seq`,
    [listId],
  );
  return { item, audit: audit.map((a) => a.action) };
}

beforeAll(async () => {
  gw = await startGateway({ worker: true });
  cmo = await gw.token(PEOPLE.caseManagementOfficer, ['staff'], [J]);
  officer = await gw.token(PEOPLE.caseOfficer, ['staff'], [J]);
  responsible = await gw.token(RESPONSIBLE, ['staff'], []);
  caseId = await openCase();
  const otherCase = await openCase();
  ours = await upload(caseId, pdf('采购制度（修订）'));
  theirs = await upload(otherCase, pdf('另案材料'));
  expect(ours.sha256).toBe(sha(pdf('采购制度（修订）')));

  const created = await gw
    .http()
    .post('/rectification/lists')
    .set('authorization', cmo)
    .set('idempotency-key', key())
    .send({
      listNo: `CE-${randomUUID().slice(0, 8)}`,
      source: 'CASE_FINDINGS',
      sourceCaseId: caseId,
      supervisingBodyId: J,
      policyVersion: 'dom-2026.1',
      participants: {
        verifierIds: [PEOPLE.caseManagementOfficer],
        caseManagementOfficerId: PEOPLE.caseManagementOfficer,
        leaderInChargeId: PEOPLE.leaderInCharge,
        higherCommissionCaseManagementId: PEOPLE.higherCommissionCaseManagement,
      },
      items: [
        {
          itemKey: 'R1',
          problem: '采购制度多年未修订',
          measure: '修订采购制度',
          responsiblePersonId: RESPONSIBLE,
          responsibleUnitId: 'u-unit-ce',
          dueDate: inAYear,
          evidenceRequirements: [{ kind: 'REGULATION', description: '修订后的制度' }],
        },
      ],
    });
  expect(created.status).toBe(201);
  listId = created.body.listId;
  // The item's workflow is running once a report on it is accepted or refused by the workflow itself.
  await eventually(async () => {
    const res = await report('progress', { summary: '已起草', attachments: [] });
    return res.status === 200 ? true : undefined;
  }, 'the item workflow taking a progress report');
});

afterAll(() => gw?.close());

describe('evidence cited by a rectification item of a case', () => {
  it('refuses a submission citing an attachment of another case, or of the case with another checksum, and records nothing', async () => {
    const before = await recorded();
    expect(before.item).toMatchObject({ evidence: [], submitted_at: null });

    const res = await report('submission', {
      summary: '制度已修订',
      evidence: [
        { id: ours.attachmentId, sha256: ours.sha256, kind: 'REGULATION' },
        { id: theirs.attachmentId, sha256: theirs.sha256, kind: 'REGULATION' },
        { id: ours.attachmentId, sha256: 'f'.repeat(64), kind: 'REGULATION' },
        { id: 'att-never-uploaded', sha256: ours.sha256, kind: 'REGULATION' },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('EVIDENCE_NOT_IN_CASE_FILE');
    expect(res.body.errors).toEqual([
      { path: 'evidence.1', message: expect.stringMatching(/^NOT_IN_CASE_FILE: /) },
      { path: 'evidence.2', message: expect.stringMatching(/^CHECKSUM_MISMATCH: /) },
      { path: 'evidence.3', message: expect.stringMatching(/^NOT_IN_CASE_FILE: /) },
    ]);

    const progress = await report('progress', {
      summary: '附上另案材料',
      attachments: [{ id: theirs.attachmentId, sha256: theirs.sha256, kind: 'DOCUMENT' }],
    });
    expect([progress.status, progress.body.code]).toEqual([422, 'EVIDENCE_NOT_IN_CASE_FILE']);
    expect(progress.body.errors).toEqual([{ path: 'attachments.0', message: expect.any(String) }]);

    expect(await recorded()).toEqual(before);
    const live = await gw.http().get(`/rectification/lists/${listId}`).set('authorization', cmo);
    expect(live.body.items[0]).toMatchObject({ itemKey: 'R1', submittedAt: null });
    expect(live.body.items[0].state).not.toBe('SUBMITTED');
  });

  it('takes a submission citing the case file as stored, and the evidence index shows the citation', async () => {
    const res = await report('submission', {
      summary: '制度已修订',
      evidence: [{ id: ours.attachmentId, sha256: ours.sha256, kind: 'REGULATION' }],
    });
    expect([res.status, res.body.state]).toEqual([200, 'SUBMITTED']);
    const index = await eventually(async () => {
      const view = await gw.http().get(`/cases/${caseId}/attachments`).set('authorization', cmo);
      const row = view.body.items?.find((i: { attachmentId: string }) => i.attachmentId === ours.attachmentId);
      return row?.citedBy.length > 0 ? row : undefined;
    }, 'the citation in the evidence index');
    expect(index.citedBy).toEqual([expect.objectContaining({ listId, itemKey: 'R1' })]);
  });
});
