import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, NoSuchKey, NotFound, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { assertSha256, ObjectMissingError, type ObjectStore, type StoredObject } from './object-store';
import { stageObject } from './staging';

/** 5 MiB parts (S3's smallest), two in flight: about 10 MiB of an upload is in memory, whatever its size. */
const PART_BYTES = 5 * 1024 ** 2;
const PARTS_IN_FLIGHT = 2;
/** S3 numbers the parts of one upload 1–10000: objects over ~48 GiB need larger parts. */
const MAX_PARTS = 10_000;

/**
 * Objects in one bucket of an S3-compatible store, keyed by their SHA-256. The key is the checksum of the
 * whole object, known only after the last byte, so an upload is first staged (hashed) in a temp file on
 * the gateway's disk, never in memory, and then sent as a multipart upload under its final key; bytes the
 * bucket already holds are not sent again. A failed multipart upload is aborted, so the bucket never shows
 * a partial object under a checksum.
 */
export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly stagingDir: string,
  ) {}

  async put(source: Readable, options: { maxBytes: number }): Promise<StoredObject> {
    const staged = await stageObject(source, this.stagingDir, options.maxBytes);
    try {
      if (!(await this.has(staged.sha256))) {
        await new Upload({
          client: this.client,
          params: {
            Bucket: this.bucket,
            Key: staged.sha256,
            Body: createReadStream(staged.path),
            ContentLength: staged.size,
          },
          partSize: Math.max(PART_BYTES, Math.ceil(staged.size / MAX_PARTS)),
          queueSize: PARTS_IN_FLIGHT,
          leavePartsOnError: false,
        }).done();
      }
    } finally {
      await staged.discard();
    }
    return { sha256: staged.sha256, size: staged.size };
  }

  async get(sha256: string): Promise<Readable> {
    assertSha256(sha256);
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: sha256 }));
      // In Node the SDK's body is the response stream itself: read on demand, never buffered whole.
      if (!(object.Body instanceof Readable)) throw new Error(`S3 gave no stream for ${sha256}`);
      return object.Body;
    } catch (error) {
      if (error instanceof NoSuchKey) throw new ObjectMissingError(sha256);
      throw error;
    }
  }

  async has(sha256: string): Promise<boolean> {
    assertSha256(sha256);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: sha256 }));
      return true;
    } catch (error) {
      // HEAD has no body, so a missing object comes back as a bare 404 rather than NoSuchKey.
      if (error instanceof NotFound || error instanceof NoSuchKey) return false;
      throw error;
    }
  }
}
