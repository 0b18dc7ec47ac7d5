import { z } from 'zod';
import { personIdSchema } from './people';

/** One entry of a case's hash-chained audit log (DOMAIN §8), exactly as stored. */
export const auditEntrySchema = z
  .object({
    seq: z.number().int(),
    eventKey: z.string(),
    actorId: z.string().nullable(),
    action: z.string(),
    at: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    /** Lowercase hex SHA-256 of the entry's canonical JSON, including `prevHash`. */
    hash: z.string(),
    prevHash: z.string(),
  })
  .strict()
  .meta({ id: 'AuditEntry' });

/** `GET /cases/{id}/audit`: a page of the chain, oldest first. */
export const auditLogQuerySchema = z
  .object({
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    /** Only this person's entries, e.g. a recused person's past actions to re-check (DOMAIN §5). */
    actorId: personIdSchema.optional(),
  })
  .strict();
export type AuditLogQuery = z.infer<typeof auditLogQuerySchema>;

export const auditLogSchema = z
  .object({
    caseId: z.string(),
    items: z.array(auditEntrySchema),
    /** Absent on the last page. */
    nextCursor: z.string().optional(),
  })
  .strict();
export type AuditLog = z.infer<typeof auditLogSchema>;

/** `GET /cases/{id}/audit/verify`: the chain recomputed from the stored fields. */
export const auditVerificationSchema = z
  .object({
    caseId: z.string(),
    ok: z.boolean(),
    /** Entries checked (all of them when `ok`). */
    count: z.number().int(),
    /**
     * Hash of the newest entry, when `ok` and the chain has entries; anchor it elsewhere to detect removal
     * of the newest entries. Optional rather than nullable: the OpenAPI generator renders a nullable
     * top-level DTO field as an array (schemathesis caught it).
     */
    headHash: z.string().optional(),
    /**
     * The first broken entry, absent when no entry is. `REWRITTEN`: the entry's stored hash differs from
     * the one a signed checkpoint recorded, i.e. it was edited and the chain rehashed after it.
     */
    firstBroken: z
      .object({
        seq: z.number().int(),
        eventKey: z.string(),
        reason: z.enum(['HASH_MISMATCH', 'PREV_HASH_MISMATCH', 'SEQ_GAP', 'REWRITTEN']),
      })
      .strict()
      .optional(),
    /** The chain ends before the newest entry a checkpoint signed: entries were removed from its head. */
    truncated: z.object({ checkpointSeq: z.number().int(), count: z.number().int() }).strict().optional(),
    /**
     * The newest signed checkpoint of the chain (absent before the first one). `valid: false` when a
     * checkpoint's signature does not verify with the configured key (forged, or signed with another key).
     */
    checkpoint: z
      .object({ seq: z.number().int(), keyId: z.string(), at: z.string(), valid: z.boolean() })
      .strict()
      .optional(),
  })
  .strict();
export type AuditVerification = z.infer<typeof auditVerificationSchema>;
