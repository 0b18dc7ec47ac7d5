import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { startSeaweedS3, type RunningSeaweedS3 } from '../../../infra/stack/seaweedfs';
import { aCase, PEOPLE } from '../../../test/builders/case.builder';
import { eventually } from '../../../test/support/case-driver';
import { startGateway, type GatewayHarness } from '../../../test/support/gateway-harness';
import { describeMemory, uploadLargeAttachment } from '../../../test/support/large-upload';

/**
 * Issue 13: the attachment routes with ATTACHMENT_STORE=s3, against a real S3-compatible server (SeaweedFS)
 * started for this file: uploads land in the bucket under the checksum the gateway computed, come back
 * byte for byte, and a 200 MB upload keeps the gateway's memory flat. attachments.int-spec.ts covers the
 * same routes on the local store, with need-to-know and the audit.
 */
const J = 'u-county-x';
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const pdf = (text: string) => Buffer.from(`%PDF-1.7\n% ${text}\n${'0'.repeat(2000)}\n%%EOF\n`);
const key = () => `k-${randomUUID()}`;

let weed: RunningSeaweedS3;
let bucket: S3Client;
let gw: GatewayHarness;
let caseId: string;
let officer: string;

const keysInBucket = async () =>
  ((await bucket.send(new ListObjectsV2Command({ Bucket: weed.bucket }))).Contents ?? []).map((o) => o.Key).sort();

const upload = (bytes: Buffer) =>
  gw
    .http()
    .post(`/cases/${caseId}/attachments`)
    .set('authorization', officer)
    .set('idempotency-key', key())
    .field('kind', 'DOCUMENT')
    .attach('file', bytes, { filename: '举报材料.pdf', contentType: 'image/png' });

/** The download's bytes hashed as they stream in, so a large file is never held by the test either. */
async function downloadedSha256(attachmentId: string): Promise<{ status: number; sha256: string; digest?: string }> {
  const hash = createHash('sha256');
  const res = await gw
    .http()
    .get(`/attachments/${attachmentId}`)
    .set('authorization', officer)
    .maxResponseSize(1024 ** 3)
    .buffer(true)
    .parse((stream, done) => {
      stream.on('data', (chunk: Buffer) => hash.update(chunk));
      stream.on('end', () => done(null, null));
    });
  return { status: res.status, sha256: hash.digest('hex'), digest: res.headers['repr-digest'] as string | undefined };
}

beforeAll(async () => {
  weed = await startSeaweedS3({ bucket: 'gateway-attachments' });
  bucket = new S3Client({
    endpoint: weed.endpoint,
    region: weed.region,
    forcePathStyle: true,
    credentials: { accessKeyId: weed.accessKeyId, secretAccessKey: weed.secretAccessKey },
  });
  gw = await startGateway({
    worker: true,
    env: { ...weed.attachmentEnv, ATTACHMENT_MAX_BYTES: String(256 * 1024 ** 2) },
  });
  const cmo = await gw.token(PEOPLE.caseManagementOfficer, ['staff'], [J]);
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

afterAll(async () => {
  await gw?.close();
  bucket?.destroy();
  await weed?.stop();
});

describe('attachments on the S3 store', () => {
  it('stores an upload in the bucket under the SHA-256 the gateway computed and gives the same bytes back', async () => {
    const bytes = pdf('举报材料：张某收受回扣');
    const res = await upload(bytes);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ sha256: sha(bytes), size: bytes.length, contentType: 'application/pdf' });
    expect(await keysInBucket()).toContain(sha(bytes));
    const back = await downloadedSha256(res.body.attachmentId);
    expect(back).toEqual({
      status: 200,
      sha256: sha(bytes),
      digest: `sha-256=:${createHash('sha256').update(bytes).digest('base64')}:`,
    });
  });

  it('puts nothing in the bucket for a refused upload', async () => {
    const before = await keysInBucket();
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), randomBytes(5000)]);
    const res = await upload(elf);
    expect([res.status, res.body.code]).toEqual([415, 'ATTACHMENT_TYPE_NOT_ALLOWED']);
    expect(await keysInBucket()).toEqual(before);
  });

  it('streams a 200 MB upload into the bucket without holding it in memory, and downloads it intact', async () => {
    const size = 200 * 1024 ** 2;
    const result = await uploadLargeAttachment(gw, caseId, officer, size);
    process.stdout.write(describeMemory('attachments, S3 store', result));
    expect(result.status).toBe(201);
    const stored = JSON.parse(result.body) as { attachmentId: string; sha256: string; size: number };
    expect(stored).toMatchObject({ sha256: result.sha256, size });
    // Holding the body would grow RSS by at least its size (a ratio of 1 or more). A streamed upload grows by
    // its buffers plus whatever the collector has not yet returned, which on a busy CI machine has reached a third.
    expect((result.rssPeak - result.rssBefore) / size).toBeLessThan(0.6);
    expect(await keysInBucket()).toContain(result.sha256);
    expect(await downloadedSha256(stored.attachmentId)).toMatchObject({ status: 200, sha256: result.sha256 });
  });
});
