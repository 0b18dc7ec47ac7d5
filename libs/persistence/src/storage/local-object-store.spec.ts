import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { LocalObjectStore } from './local-object-store';
import { ObjectMissingError, ObjectTooLargeError } from './object-store';

const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
/** Every file left anywhere under the store's directory. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));

describe('LocalObjectStore', () => {
  let dir: string;
  let store: LocalObjectStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'object-store-'));
    store = new LocalObjectStore(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores a stream under the SHA-256 it computed and gives the same bytes back', async () => {
    const body = '谈话笔录 2026-03-01\n'.repeat(10_000);
    const stored = await store.put(Readable.from([body.slice(0, 1000), body.slice(1000)]), { maxBytes: 1 << 20 });
    expect(stored).toEqual({ sha256: sha(body), size: Buffer.byteLength(body) });
    expect(await store.has(stored.sha256)).toBe(true);
    expect(await text(await store.get(stored.sha256))).toBe(body);
    expect(filesUnder(dir)).toEqual([join(dir, 'objects', stored.sha256.slice(0, 2), stored.sha256)]);
  });

  it('keeps one object for the same bytes uploaded twice', async () => {
    const bytes = randomBytes(4096);
    const first = await store.put(Readable.from([bytes]), { maxBytes: 8192 });
    const second = await store.put(Readable.from([bytes]), { maxBytes: 8192 });
    expect(second).toEqual(first);
    expect(filesUnder(dir)).toHaveLength(1);
  });

  it('refuses an upload over the limit and leaves nothing behind', async () => {
    const chunks = [randomBytes(600), randomBytes(600)];
    await expect(store.put(Readable.from(chunks), { maxBytes: 1000 })).rejects.toBeInstanceOf(ObjectTooLargeError);
    expect(filesUnder(dir)).toEqual([]);
    expect(await store.has(sha(Buffer.concat(chunks)))).toBe(false);
  });

  it('leaves nothing behind when the upload breaks off', async () => {
    async function* brokenUpload() {
      yield randomBytes(1000);
      throw new Error('client went away');
    }
    await expect(store.put(Readable.from(brokenUpload()), { maxBytes: 1 << 20 })).rejects.toThrow('client went away');
    expect(filesUnder(dir)).toEqual([]);
  });

  it('answers a checksum it does not hold, or one that is no checksum, as missing', async () => {
    await expect(store.get('a'.repeat(64))).rejects.toBeInstanceOf(ObjectMissingError);
    await expect(store.get('../../etc/passwd')).rejects.toBeInstanceOf(ObjectMissingError);
  });
});
