import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import busboy from 'busboy';
import { ProblemCode } from '@shuangcha/contracts/http';
import { ProblemException } from '../problem/problem.exception';
import { SNIFF_BYTES } from './content-type';

/** The one file of an upload, with the fields sent before it; `head` is its first bytes, for sniffing. */
export interface UploadedFile {
  fields: Record<string, string>;
  fileName: string;
  head: Buffer;
  /** The whole file, `head` included, as it arrives. */
  stream: Readable;
}

const MAX_FIELDS = 8;
const MAX_FIELD_BYTES = 1024;

function invalid(detail: string): ProblemException {
  return new ProblemException(ProblemCode.MultipartInvalid, detail);
}

/** Reads the file's first bytes, then hands on a stream that yields them again followed by the rest. */
async function peek(file: Readable): Promise<{ head: Buffer; stream: Readable }> {
  const iterator = file[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    chunks.push(next.value);
    length += next.value.length;
  }
  async function* all(): AsyncGenerator<Buffer> {
    yield* chunks;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { head: Buffer.concat(chunks).subarray(0, SNIFF_BYTES), stream: Readable.from(all(), { objectMode: false }) };
}

/**
 * Streams a `multipart/form-data` request with exactly one part named `file`, its fields before it (so they
 * can be checked before a byte of the file is stored). `onFile` consumes the file; nothing is buffered
 * beyond the sniffed head. On any failure the rest of the request is drained and discarded, so the client
 * gets the answer instead of a broken connection.
 */
export function receiveUpload<T>(req: IncomingMessage, onFile: (file: UploadedFile) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        // File names are UTF-8 (Chinese names of evidence); busboy would read them as Latin-1.
        defParamCharset: 'utf8',
        limits: { files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, parts: MAX_FIELDS + 1 },
      });
    } catch {
      req.resume();
      reject(new ProblemException(ProblemCode.UnsupportedMediaType, 'send multipart/form-data with a boundary'));
      return;
    }
    const fields: Record<string, string> = {};
    let handling: Promise<T> | undefined;
    let current: Readable | undefined;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      current?.destroy();
      req.resume();
      reject(error);
    };

    parser.on('field', (name, value, info) => {
      if (handling) return fail(invalid(`field ${name} came after the file; send fields first`));
      if (info.valueTruncated) return fail(invalid(`field ${name} is longer than ${MAX_FIELD_BYTES} bytes`));
      fields[name] = value;
    });
    parser.on('file', (name, file, info) => {
      if (name !== 'file') {
        file.resume();
        return fail(invalid(`the file part must be named "file" (got "${name}")`));
      }
      current = file;
      handling = peek(file).then(({ head, stream }) =>
        onFile({ fields: { ...fields }, fileName: info.filename ?? 'file', head, stream }),
      );
      handling.catch(fail);
    });
    parser.on('filesLimit', () => fail(invalid('send exactly one file part')));
    parser.on('fieldsLimit', () => fail(invalid(`at most ${MAX_FIELDS} fields`)));
    parser.on('partsLimit', () => fail(invalid(`at most ${MAX_FIELDS + 1} parts`)));
    parser.on('error', (error: Error) => fail(invalid(`the multipart body is malformed: ${error.message}`)));
    parser.on('close', () => {
      if (!handling) return fail(invalid('the upload has no part named "file"'));
      handling.then((value) => {
        if (settled) return;
        settled = true;
        resolve(value);
      }, fail);
    });
    // A client that goes away mid-upload must not leave the store waiting for bytes that never come.
    req.on('aborted', () => current?.destroy(new Error('the client went away during the upload')));
    req.pipe(parser);
  });
}
