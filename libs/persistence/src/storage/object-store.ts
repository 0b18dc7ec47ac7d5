import type { Readable } from 'node:stream';

/** An object as the store holds it: named by the SHA-256 (lowercase hex) of its bytes. */
export interface StoredObject {
  sha256: string;
  size: number;
}

/**
 * Where attachments and issued documents live (issue 13), content-addressed so a stored object cannot be
 * swapped under a checksum a decision cites. `put` streams: nothing is held whole in memory, and an upload
 * that fails, is aborted or exceeds `maxBytes` leaves nothing behind. Objects are never deleted here: an
 * attachment outlives its case (the case file is archived), and one object may back several attachments.
 */
export interface ObjectStore {
  put(source: Readable, options: { maxBytes: number }): Promise<StoredObject>;
  /** The object's bytes; rejects with ObjectMissingError when the store has no object of that checksum. */
  get(sha256: string): Promise<Readable>;
  has(sha256: string): Promise<boolean>;
}

export const OBJECT_STORE = Symbol('ObjectStore');

/** More bytes arrived than the caller allows; the partial upload was discarded. */
export class ObjectTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the upload exceeds ${maxBytes} bytes`);
    this.name = 'ObjectTooLargeError';
  }
}

export class ObjectMissingError extends Error {
  constructor(readonly sha256: string) {
    super(`no stored object ${sha256}`);
    this.name = 'ObjectMissingError';
  }
}

const SHA256 = /^[0-9a-f]{64}$/;

export function assertSha256(sha256: string): void {
  // Checksums become file names and object keys: anything else must never reach a path.
  if (!SHA256.test(sha256)) throw new ObjectMissingError(sha256);
}
