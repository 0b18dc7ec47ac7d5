import { z } from 'zod';

const base64 = z
  .string()
  .max(4_000_000)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be standard base64');

/** A Temporal payload in proto3 JSON, as the Temporal Web UI sends it to a codec endpoint (bytes as base64). */
export const codecPayloadSchema = z.object({
  metadata: z.record(z.string().min(1).max(256), base64).optional(),
  data: base64.optional(),
});
export type CodecPayload = z.infer<typeof codecPayloadSchema>;

/** Body and answer of `POST /codec/decode` and `/codec/encode` (Temporal's remote codec protocol). */
export const codecPayloadsSchema = z.object({ payloads: z.array(codecPayloadSchema).max(1000) }).meta({
  example: {
    payloads: [
      {
        metadata: { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==', 'encryption-key-id': 'a2V5LTE=' },
        data: 'q83vASNFZ4mrze8BI0VniQ==',
      },
    ],
  },
});
export type CodecPayloads = z.infer<typeof codecPayloadsSchema>;
