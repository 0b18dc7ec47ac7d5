import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { AppConfig } from '@shuangcha/config';
import { LocalObjectStore } from './local-object-store';
import type { ObjectStore } from './object-store';

export * from './object-store';
export { LocalObjectStore } from './local-object-store';

/** The store the configuration names; the local one defaults to `.data/attachments` of the working directory. */
export function createObjectStore(config: AppConfig): ObjectStore {
  switch (config.ATTACHMENT_STORE) {
    case 'local':
      return new LocalObjectStore(resolve(config.ATTACHMENT_LOCAL_DIR ?? '.data/attachments'));
    case 's3': {
      // The AWS SDK is loaded only when the configuration names S3: it is the largest package a local store
      // never needs, and loading it cost every gateway and worker start.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { S3ObjectStore } = require('./s3-object-store') as typeof import('./s3-object-store');
      return new S3ObjectStore(s3Client(config), config.ATTACHMENT_S3_BUCKET!, join(tmpdir(), 'shuangcha-uploads'));
    }
  }
}

function s3Client(config: AppConfig): S3Client {
  const { ATTACHMENT_S3_ACCESS_KEY_ID: accessKeyId, ATTACHMENT_S3_SECRET_ACCESS_KEY: secretAccessKey } = config;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { S3Client: Client } = require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');
  return new Client({
    region: config.ATTACHMENT_S3_REGION,
    endpoint: config.ATTACHMENT_S3_ENDPOINT,
    forcePathStyle: config.ATTACHMENT_S3_FORCE_PATH_STYLE,
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
  });
}
