import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { loadConfig } from './app-config';
import {
  ENCRYPTED_ENCODING,
  generatePayloadKey,
  KEY_ID_METADATA,
  payloadCodecFor,
  PayloadDecryptionError,
} from './payload-codec';

const secret = 'x'.repeat(32);
const k1 = generatePayloadKey('k1');
const k2 = generatePayloadKey('k2');
const comment = { comment: '该同志在采购中违规指定供应商', reason: 'dissent' };
const toPayload = (value: unknown): Payload => defaultPayloadConverter.toPayload(value)!;
const fromPayload = (payload: Payload): unknown => defaultPayloadConverter.fromPayload(payload);
const str = (bytes: Uint8Array | null | undefined) => new TextDecoder().decode(bytes ?? new Uint8Array());

describe('EncryptionCodec', () => {
  it('round-trips a payload and stores neither its text nor its JSON encoding in clear', async () => {
    const codec = payloadCodecFor({ PAYLOAD_KEYS: k1, PAYLOAD_ACTIVE_KEY: 'k1' });
    const [encoded] = await codec.encode([toPayload(comment)]);
    expect(str(encoded.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(str(encoded.metadata?.[KEY_ID_METADATA])).toBe('k1');
    expect(Buffer.from(encoded.data!).includes(Buffer.from('采购'))).toBe(false);
    expect(Buffer.from(encoded.data!).includes(Buffer.from('json/plain'))).toBe(false);
    const [decoded] = await codec.decode([encoded]);
    expect(fromPayload(decoded)).toEqual(comment);
  });

  it('uses a fresh IV for every payload, so equal texts give different ciphertexts', async () => {
    const codec = payloadCodecFor({ PAYLOAD_KEYS: k1, PAYLOAD_ACTIVE_KEY: 'k1' });
    const [a, b] = await codec.encode([toPayload(comment), toPayload(comment)]);
    expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
  });

  it('after a rotation encrypts with the new key and still decrypts payloads of the old one', async () => {
    const before = payloadCodecFor({ PAYLOAD_KEYS: k1, PAYLOAD_ACTIVE_KEY: 'k1' });
    const after = payloadCodecFor({ PAYLOAD_KEYS: `${k1},${k2}`, PAYLOAD_ACTIVE_KEY: 'k2' });
    const [old] = await before.encode([toPayload(comment)]);
    const [fresh] = await after.encode([toPayload('new text')]);
    expect(str(fresh.metadata?.[KEY_ID_METADATA])).toBe('k2');
    const [oldDecoded, freshDecoded] = await after.decode([old, fresh]);
    expect(fromPayload(oldDecoded)).toEqual(comment);
    expect(fromPayload(freshDecoded)).toBe('new text');
  });

  it('rejects a payload whose ciphertext was altered', async () => {
    const codec = payloadCodecFor({ PAYLOAD_KEYS: k1, PAYLOAD_ACTIVE_KEY: 'k1' });
    const [encoded] = await codec.encode([toPayload(comment)]);
    const data = Uint8Array.from(encoded.data!);
    data[20] ^= 0x01;
    await expect(codec.decode([{ ...encoded, data }])).rejects.toThrow(PayloadDecryptionError);
  });

  it('rejects a payload whose key id was swapped for another key of the ring', async () => {
    const codec = payloadCodecFor({ PAYLOAD_KEYS: `${k1},${k2}`, PAYLOAD_ACTIVE_KEY: 'k1' });
    const [encoded] = await codec.encode([toPayload(comment)]);
    const swapped = {
      ...encoded,
      metadata: { ...encoded.metadata, [KEY_ID_METADATA]: new TextEncoder().encode('k2') },
    };
    await expect(codec.decode([swapped])).rejects.toThrow(/failed authentication/);
  });

  it('refuses loudly to decode a payload of a key id the ring does not hold', async () => {
    const [encoded] = await payloadCodecFor({ PAYLOAD_KEYS: k2, PAYLOAD_ACTIVE_KEY: 'k2' }).encode([toPayload(1)]);
    const codec = payloadCodecFor({ PAYLOAD_KEYS: k1, PAYLOAD_ACTIVE_KEY: 'k1' });
    await expect(codec.decode([encoded])).rejects.toThrow(/key "k2", which PAYLOAD_KEYS does not hold/);
  });

  it('passes through payloads that were never encrypted (histories recorded before the codec)', async () => {
    const codec = payloadCodecFor({ PAYLOAD_KEYS: k1, PAYLOAD_ACTIVE_KEY: 'k1' });
    const plain = toPayload(comment);
    const [decoded] = await codec.decode([plain]);
    expect(decoded).toBe(plain);
  });
});

describe('payload keys in the configuration', () => {
  it('requires a keyring in production and names both settings without echoing a key', () => {
    expect(() => loadConfig({ SHUANGCHA_ENV: 'production', AUTH_DEV_SECRET: secret })).toThrow(
      /PAYLOAD_KEYS: is required/,
    );
    const bad = `k1:${Buffer.alloc(16).toString('base64')}`;
    try {
      loadConfig({ AUTH_DEV_SECRET: secret, PAYLOAD_KEYS: bad, PAYLOAD_ACTIVE_KEY: 'k1' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(String(error)).toMatch(/PAYLOAD_KEYS: key "k1" must be 32 bytes/);
      expect(String(error)).not.toContain(bad.slice(3));
    }
  });

  it('rejects an active key that is not in the ring, and a ring without an active key', () => {
    expect(() => loadConfig({ AUTH_DEV_SECRET: secret, PAYLOAD_KEYS: k1, PAYLOAD_ACTIVE_KEY: 'k9' })).toThrow(
      /PAYLOAD_ACTIVE_KEY: names "k9"/,
    );
    expect(() => loadConfig({ AUTH_DEV_SECRET: secret, PAYLOAD_KEYS: k1 })).toThrow(/PAYLOAD_ACTIVE_KEY: is required/);
  });

  it('makes the codec refuse to exist without a keyring', () => {
    expect(() => payloadCodecFor(loadConfig({ SHUANGCHA_ENV: 'local', AUTH_DEV_SECRET: secret }))).toThrow(
      /PAYLOAD_KEYS: is required/,
    );
  });
});
