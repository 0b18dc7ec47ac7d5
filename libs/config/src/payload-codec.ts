import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { parsePayloadKeyring, type PayloadKeyring } from './payload-keys';

/** `encoding` of an encrypted payload; anything else passes through decode untouched (histories from before). */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata naming the keyring entry that encrypted the payload. */
export const KEY_ID_METADATA = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const utf8 = new TextEncoder();
const text = new TextDecoder();

export class PayloadDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadDecryptionError';
  }
}

/**
 * AES-256-GCM over the whole serialized payload (metadata included, so the JSON encoding hint is hidden too),
 * with a fresh 12-byte IV per payload. The key id is bound as additional authenticated data: a payload whose
 * key id was swapped fails authentication instead of decrypting under another key.
 *
 * Not workflow code: it runs in the client's and the worker's data converter, outside the sandbox.
 */
export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly keyring: PayloadKeyring) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decrypt(payload));
  }

  private encrypt(payload: Payload): Payload {
    const keyId = this.keyring.activeKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keyring.keys.get(keyId)!, iv);
    cipher.setAAD(utf8.encode(keyId));
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: { encoding: utf8.encode(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8.encode(keyId) },
      data: new Uint8Array(sealed),
    };
  }

  private decrypt(payload: Payload): Payload {
    const encoding = payload.metadata?.encoding;
    if (!encoding || text.decode(encoding) !== ENCRYPTED_ENCODING) return payload;
    const keyIdBytes = payload.metadata?.[KEY_ID_METADATA];
    if (!keyIdBytes) throw new PayloadDecryptionError('an encrypted payload names no key id');
    const keyId = text.decode(keyIdBytes);
    const key = this.keyring.keys.get(keyId);
    if (!key)
      throw new PayloadDecryptionError(`payload encrypted with key "${keyId}", which PAYLOAD_KEYS does not hold`);
    const sealed = payload.data ?? new Uint8Array();
    if (sealed.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError('encrypted payload is truncated');
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
    decipher.setAAD(keyIdBytes);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new PayloadDecryptionError(`payload under key "${keyId}" failed authentication (altered or wrong key)`);
    }
    const inner = temporal.api.common.v1.Payload.decode(plain);
    return { metadata: inner.metadata, data: inner.data };
  }
}

/** The codec of a configuration; throws naming the setting when the keyring is missing or malformed. */
export function payloadCodecFor(config: { PAYLOAD_KEYS?: string; PAYLOAD_ACTIVE_KEY?: string }): EncryptionCodec {
  return new EncryptionCodec(parsePayloadKeyring(config.PAYLOAD_KEYS, config.PAYLOAD_ACTIVE_KEY));
}

/** A fresh keyring entry `<id>:<base64 key>` (the local stack and tests generate theirs with it). */
export function generatePayloadKey(id: string): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}
