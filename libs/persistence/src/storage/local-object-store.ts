import { createReadStream } from 'node:fs';
import { access, mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { assertSha256, ObjectMissingError, type ObjectStore, type StoredObject } from './object-store';
import { stageObject } from './staging';

/**
 * Objects as files under `<dir>/objects/<first two hex digits>/<sha256>`; uploads are staged in `<dir>/tmp`
 * on the same file system, so the finished object appears by an atomic rename, complete or not at all.
 */
export class LocalObjectStore implements ObjectStore {
  constructor(private readonly dir: string) {}

  async put(source: Readable, options: { maxBytes: number }): Promise<StoredObject> {
    const staged = await stageObject(source, join(this.dir, 'tmp'), options.maxBytes);
    try {
      const target = this.pathOf(staged.sha256);
      await mkdir(join(target, '..'), { recursive: true });
      if (await this.has(staged.sha256)) await staged.discard();
      else await rename(staged.path, target);
    } catch (error) {
      await staged.discard();
      throw error;
    }
    return { sha256: staged.sha256, size: staged.size };
  }

  async get(sha256: string): Promise<Readable> {
    if (!(await this.has(sha256))) throw new ObjectMissingError(sha256);
    return createReadStream(this.pathOf(sha256));
  }

  async has(sha256: string): Promise<boolean> {
    assertSha256(sha256);
    return access(this.pathOf(sha256)).then(
      () => true,
      () => false,
    );
  }

  private pathOf(sha256: string): string {
    return join(this.dir, 'objects', sha256.slice(0, 2), sha256);
  }
}
