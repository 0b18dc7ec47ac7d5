import { resolve } from 'node:path';
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
  }
}
