import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BucketAlreadyOwnedByYou, CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { weedPath } from './paths';
import { freePort, waitFor } from './ports';
import { stopChild } from './temporal';

export interface RunningSeaweedS3 {
  /** The S3 API's URL; buckets are addressed by path (`endpoint/bucket/key`). */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The gateway settings that point the attachment store at this server. */
  attachmentEnv: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * SeaweedFS as an S3-compatible object store (issue 13): one `weed server -s3` process holding a master, a
 * volume server, a filer and the S3 gateway, all on free loopback ports, with its data in a fresh temp
 * folder removed at stop. The S3 API takes one identity with a random key pair, and `bucket` is created.
 */
export async function startSeaweedS3(
  opts: { bucket?: string; log?: (line: string) => void } = {},
): Promise<RunningSeaweedS3> {
  const weed = weedPath();
  if (!existsSync(weed)) throw new Error(`SeaweedFS weed missing at ${weed}: run infra/provision.sh`);
  const home = mkdtempSync(join(tmpdir(), 'shuangcha-weed-'));
  const dataDir = join(home, 'data');
  mkdirSync(dataDir);
  const accessKeyId = `AK${randomBytes(8).toString('hex').toUpperCase()}`;
  const secretAccessKey = randomBytes(24).toString('base64url');
  const s3Config = join(home, 's3.json');
  writeFileSync(
    s3Config,
    JSON.stringify({
      identities: [
        {
          name: 'shuangcha',
          credentials: [{ accessKey: accessKeyId, secretKey: secretAccessKey }],
          actions: ['Admin'],
        },
      ],
    }),
  );
  const [master, masterGrpc, volume, volumeGrpc, filer, filerGrpc, s3, s3Grpc] = await distinctFreePorts(8);
  const args = [
    'server',
    `-dir=${dataDir}`,
    '-ip=127.0.0.1',
    '-ip.bind=127.0.0.1',
    `-master.port=${master}`,
    `-master.port.grpc=${masterGrpc}`,
    // Small volumes, so a test run's disk use stays near what it stores.
    '-master.volumeSizeLimitMB=1024',
    `-volume.port=${volume}`,
    `-volume.port.grpc=${volumeGrpc}`,
    `-filer.port=${filer}`,
    `-filer.port.grpc=${filerGrpc}`,
    `-filer.localSocket=${join(home, 'filer.sock')}`,
    '-s3',
    `-s3.port=${s3}`,
    `-s3.port.grpc=${s3Grpc}`,
    `-s3.localSocket=${join(home, 's3.sock')}`,
    `-s3.config=${s3Config}`,
    // The Iceberg and Lance catalogs listen on fixed ports by default; parallel runs would collide.
    '-s3.port.iceberg=0',
    '-s3.port.lance=0',
  ];
  const child = spawn(weed, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let exited: string | undefined;
  child.on('exit', (code, signal) => (exited = `exited with ${code ?? signal}`));
  const forward = (chunk: Buffer) => opts.log?.(chunk.toString());
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  const stop = async () => {
    await stopChild(child);
    rmSync(home, { recursive: true, force: true });
  };

  const endpoint = `http://127.0.0.1:${s3}`;
  const region = 'us-east-1';
  const bucket = opts.bucket ?? 'shuangcha-attachments';
  const client = new S3Client({
    endpoint,
    region,
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
  });
  try {
    // The S3 API answers only once the filer behind it has joined the master: creating the bucket proves both.
    await waitFor(
      'SeaweedFS S3 API',
      async () => {
        if (exited) throw new Error(`weed ${exited}`);
        await client.send(new CreateBucketCommand({ Bucket: bucket })).catch((error: unknown) => {
          if (!(error instanceof BucketAlreadyOwnedByYou)) throw error;
        });
      },
      120_000,
    );
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  return {
    endpoint,
    region,
    bucket,
    accessKeyId,
    secretAccessKey,
    attachmentEnv: {
      ATTACHMENT_STORE: 's3',
      ATTACHMENT_S3_BUCKET: bucket,
      ATTACHMENT_S3_ENDPOINT: endpoint,
      ATTACHMENT_S3_REGION: region,
      ATTACHMENT_S3_ACCESS_KEY_ID: accessKeyId,
      ATTACHMENT_S3_SECRET_ACCESS_KEY: secretAccessKey,
      ATTACHMENT_S3_FORCE_PATH_STYLE: 'true',
    },
    stop,
  };
}

/** `freePort` may hand out a port twice when asked in a row; weed needs eight different ones. */
async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}
