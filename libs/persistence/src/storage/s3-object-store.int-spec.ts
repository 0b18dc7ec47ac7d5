import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { ListMultipartUploadsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { startSeaweedS3, type RunningSeaweedS3 } from '../../../../infra/stack/seaweedfs';
import { ObjectMissingError, ObjectTooLargeError } from './object-store';
import { S3ObjectStore } from './s3-object-store';

const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** The S3 store against a real SeaweedFS S3 API (issue 13): what the bucket holds after each operation. */
let weed: RunningSeaweedS3;
let client: S3Client;
let staging: string;
let store: S3ObjectStore;

const keysInBucket = async () =>
  ((await client.send(new ListObjectsV2Command({ Bucket: weed.bucket }))).Contents ?? []).map((o) => o.Key).sort();
const openMultipartUploads = async () =>
  (await client.send(new ListMultipartUploadsCommand({ Bucket: weed.bucket }))).Uploads ?? [];

beforeAll(async () => {
  weed = await startSeaweedS3({ bucket: 'object-store-spec' });
  client = new S3Client({
    endpoint: weed.endpoint,
    region: weed.region,
    forcePathStyle: true,
    credentials: { accessKeyId: weed.accessKeyId, secretAccessKey: weed.secretAccessKey },
  });
  staging = mkdtempSync(join(tmpdir(), 's3-staging-'));
  store = new S3ObjectStore(client, weed.bucket, staging);
});

afterAll(async () => {
  client?.destroy();
  await weed?.stop();
  if (staging) rmSync(staging, { recursive: true, force: true });
});

describe('S3ObjectStore', () => {
  it('stores a stream under the SHA-256 it computed and gives the same bytes back', async () => {
    const body = '谈话笔录 2026-03-01\n'.repeat(10_000);
    const stored = await store.put(Readable.from([body.slice(0, 1000), body.slice(1000)]), { maxBytes: 1 << 20 });
    expect(stored).toEqual({ sha256: sha(body), size: Buffer.byteLength(body) });
    expect(await store.has(stored.sha256)).toBe(true);
    expect(await text(await store.get(stored.sha256))).toBe(body);
    expect(await keysInBucket()).toContain(stored.sha256);
    expect(readdirSync(staging)).toEqual([]);
  });

  it('sends an object larger than one part as a multipart upload and reads it back intact', async () => {
    const bytes = randomBytes(20 * 1024 ** 2 + 123);
    const stored = await store.put(Readable.from([bytes]), { maxBytes: 64 * 1024 ** 2 });
    expect(stored).toEqual({ sha256: sha(bytes), size: bytes.length });
    const back = createHash('sha256');
    for await (const chunk of await store.get(stored.sha256)) back.update(chunk as Buffer);
    expect(back.digest('hex')).toBe(sha(bytes));
    expect(await openMultipartUploads()).toEqual([]);
  });

  it('keeps one object for the same bytes uploaded twice', async () => {
    const bytes = randomBytes(4096);
    const before = await keysInBucket();
    const first = await store.put(Readable.from([bytes]), { maxBytes: 8192 });
    const second = await store.put(Readable.from([bytes]), { maxBytes: 8192 });
    expect(second).toEqual(first);
    expect(await keysInBucket()).toEqual([...before, first.sha256].sort());
  });

  it('refuses an upload over the limit and leaves nothing behind, in the bucket or on disk', async () => {
    const before = await keysInBucket();
    const chunks = [randomBytes(600), randomBytes(600)];
    await expect(store.put(Readable.from(chunks), { maxBytes: 1000 })).rejects.toBeInstanceOf(ObjectTooLargeError);
    expect(await keysInBucket()).toEqual(before);
    expect(await store.has(sha(Buffer.concat(chunks)))).toBe(false);
    expect(readdirSync(staging)).toEqual([]);
  });

  it('leaves nothing behind when the upload breaks off', async () => {
    const before = await keysInBucket();
    async function* brokenUpload() {
      yield randomBytes(1000);
      throw new Error('client went away');
    }
    await expect(store.put(Readable.from(brokenUpload()), { maxBytes: 1 << 20 })).rejects.toThrow('client went away');
    expect(await keysInBucket()).toEqual(before);
    expect(readdirSync(staging)).toEqual([]);
  });

  it('answers a checksum it does not hold, or one that is no checksum, as missing', async () => {
    await expect(store.get('a'.repeat(64))).rejects.toBeInstanceOf(ObjectMissingError);
    await expect(store.get('../../etc/passwd')).rejects.toBeInstanceOf(ObjectMissingError);
    expect(await store.has('b'.repeat(64))).toBe(false);
  });
});
