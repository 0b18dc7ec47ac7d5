import { generatePayloadKey, payloadCodecFor, type EncryptionCodec } from '../../libs/config/src';

/**
 * One keyring per test process: the gateway, the worker and every client a test builds encrypt payloads
 * with it, as in production (issue 16 §9). Spread into a config or an app process's environment.
 */
export const TEST_PAYLOAD_KEYS = Object.freeze({
  PAYLOAD_KEYS: generatePayloadKey('test-1'),
  PAYLOAD_ACTIVE_KEY: 'test-1',
});

/** The data converter of clients and workers a test builds itself. */
export function testDataConverter(): { payloadCodecs: EncryptionCodec[] } {
  return { payloadCodecs: [payloadCodecFor(TEST_PAYLOAD_KEYS)] };
}
