import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { GatewayHarness } from './gateway-harness';

export interface LargeUploadResult {
  status: number;
  body: string;
  /** SHA-256 of the bytes sent, computed as they were generated. */
  sha256: string;
  size: number;
  rssBefore: number;
  rssPeak: number;
  rssAfter: number;
}

/**
 * Streams a generated PDF of `size` bytes as a multipart upload to the in-process gateway, sampling this
 * process's RSS (the gateway's, as it runs here) the whole time. Neither side ever holds the body whole.
 */
export async function uploadLargeAttachment(
  gw: GatewayHarness,
  caseId: string,
  token: string,
  size: number,
): Promise<LargeUploadResult> {
  const block = randomBytes(1024 ** 2);
  const expected = createHash('sha256');
  async function* body(): AsyncGenerator<Buffer> {
    const head = Buffer.from('%PDF-1.7\n');
    expected.update(head);
    yield head;
    for (let sent = head.length; sent < size; sent += block.length) {
      const chunk = block.subarray(0, Math.min(block.length, size - sent));
      expected.update(chunk);
      yield chunk;
    }
  }
  const boundary = `----shuangcha${randomUUID()}`;
  async function* multipart(): AsyncGenerator<Buffer> {
    yield Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="kind"\r\n\r\nOTHER\r\n` +
        `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="录像.pdf"\r\n` +
        `content-type: application/octet-stream\r\n\r\n`,
    );
    yield* body();
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }

  const server = gw.app.getHttpServer();
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 50);
  try {
    const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `/cases/${caseId}/attachments`,
          headers: {
            authorization: token,
            'idempotency-key': `k-${randomUUID()}`,
            'content-type': `multipart/form-data; boundary=${boundary}`,
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      pipeline(Readable.from(multipart()), req).catch(reject);
    });
    const rssAfter = process.memoryUsage().rss;
    return {
      ...response,
      sha256: expected.digest('hex'),
      size,
      rssBefore,
      rssPeak: Math.max(rssPeak, rssAfter),
      rssAfter,
    };
  } finally {
    clearInterval(sampler);
  }
}

/** One line for the test log: what the upload cost in memory. */
export function describeMemory(label: string, result: LargeUploadResult): string {
  const mb = (bytes: number) => (bytes / 1024 ** 2).toFixed(0);
  const growth = result.rssPeak - result.rssBefore;
  return (
    `[${label}] ${mb(result.size)} MB upload: RSS before ${mb(result.rssBefore)} MB, peak ${mb(result.rssPeak)} MB, ` +
    `after ${mb(result.rssAfter)} MB; growth/upload = ${(growth / result.size).toFixed(3)}\n`
  );
}
