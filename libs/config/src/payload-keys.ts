import { z } from 'zod';

/**
 * Keys of the Temporal payload codec (issue 16 §9), kept apart from the other settings: workflow input,
 * Update arguments, results and memos carry case text (comments, reasons, problem texts), which Temporal
 * stores in its histories for anyone with access to its database or Web UI.
 *
 * `PAYLOAD_KEYS` is a keyring `<id>:<base64 of 32 random bytes>,…`; new payloads are encrypted with
 * `PAYLOAD_ACTIVE_KEY`, and every key still in the ring decrypts the payloads that name it (rotation: add a
 * key, make it active, drop the old one once no open history needs it).
 */
export const payloadKeySettings = {
  PAYLOAD_KEYS: z.string().min(1).optional(),
  PAYLOAD_ACTIVE_KEY: z.string().min(1).optional(),
};

/** Settings whose values never appear in an error message. */
export const SECRET_PAYLOAD_SETTINGS: ReadonlySet<string> = new Set(['PAYLOAD_KEYS']);

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const KEY_BYTES = 32;

export interface PayloadKeyring {
  readonly activeKeyId: string;
  readonly keys: ReadonlyMap<string, Buffer>;
}

export class PayloadKeyError extends Error {
  constructor(
    readonly setting: keyof typeof payloadKeySettings,
    message: string,
  ) {
    super(`${setting}: ${message}`);
    this.name = 'PayloadKeyError';
  }
}

/** Parses the keyring; the messages name key ids and positions, never key material. */
export function parsePayloadKeyring(keys: string | undefined, activeKeyId: string | undefined): PayloadKeyring {
  if (!keys) throw new PayloadKeyError('PAYLOAD_KEYS', 'is required by the worker and the gateway');
  const ring = new Map<string, Buffer>();
  keys.split(',').forEach((entry, index) => {
    const at = entry.indexOf(':');
    const id = entry.slice(0, at).trim();
    const encoded = entry.slice(at + 1).trim();
    if (at < 0 || !KEY_ID.test(id)) {
      throw new PayloadKeyError('PAYLOAD_KEYS', `entry ${index + 1} must look like <id>:<base64 key>`);
    }
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== KEY_BYTES || key.toString('base64') !== encoded) {
      throw new PayloadKeyError('PAYLOAD_KEYS', `key "${id}" must be ${KEY_BYTES} bytes in standard base64`);
    }
    if (ring.has(id)) throw new PayloadKeyError('PAYLOAD_KEYS', `key "${id}" appears twice`);
    ring.set(id, key);
  });
  if (!activeKeyId) throw new PayloadKeyError('PAYLOAD_ACTIVE_KEY', 'is required with PAYLOAD_KEYS');
  if (!ring.has(activeKeyId)) {
    throw new PayloadKeyError('PAYLOAD_ACTIVE_KEY', `names "${activeKeyId}", which PAYLOAD_KEYS does not hold`);
  }
  return { activeKeyId, keys: ring };
}

/**
 * Boot-time check: a keyring that is set must parse, and production must have one (no default: a missing
 * key would store case text in clear). Outside production the processes that talk to Temporal still refuse
 * to start without one (`payloadCodecFor`); `npm run dev` generates a keyring per data folder.
 */
export function payloadKeyIssues(cfg: {
  SHUANGCHA_ENV?: string;
  PAYLOAD_KEYS?: string;
  PAYLOAD_ACTIVE_KEY?: string;
}): { path: string; message: string }[] {
  if (!cfg.PAYLOAD_KEYS && !cfg.PAYLOAD_ACTIVE_KEY && cfg.SHUANGCHA_ENV !== 'production') return [];
  try {
    parsePayloadKeyring(cfg.PAYLOAD_KEYS, cfg.PAYLOAD_ACTIVE_KEY);
    return [];
  } catch (error) {
    if (!(error instanceof PayloadKeyError)) throw error;
    return [{ path: error.setting, message: error.message.slice(error.setting.length + 2) }];
  }
}
