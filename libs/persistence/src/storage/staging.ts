import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ObjectTooLargeError, type StoredObject } from './object-store';

/** A finished upload in a temp file, hashed on the way in; `discard` removes it. */
export interface StagedObject extends StoredObject {
  path: string;
  discard(): Promise<void>;
}

/** Counts and hashes the bytes passing through; fails the pipeline once more than `maxBytes` passed. */
class HashingLimit extends Transform {
  private readonly hash = createHash('sha256');
  size = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return done(new ObjectTooLargeError(this.maxBytes));
    this.hash.update(chunk);
    done(null, chunk);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/**
 * Streams `source` into a new file under `tmpDir`, computing its SHA-256 as it goes (the server's checksum,
 * never the client's). The file is removed when anything fails, so a broken upload leaves nothing.
 */
export async function stageObject(source: Readable, tmpDir: string, maxBytes: number): Promise<StagedObject> {
  await mkdir(tmpDir, { recursive: true });
  const path = join(tmpDir, `upload-${randomUUID()}`);
  const counter = new HashingLimit(maxBytes);
  const discard = () => rm(path, { force: true });
  try {
    await pipeline(source, counter, createWriteStream(path, { flags: 'wx' }));
  } catch (error) {
    await discard();
    throw error;
  }
  return { path, sha256: counter.digest(), size: counter.size, discard };
}
