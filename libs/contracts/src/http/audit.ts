import { z } from 'zod';

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
    /** The first broken entry, absent when `ok`. */
    firstBroken: z
      .object({
        seq: z.number().int(),
        eventKey: z.string(),
        reason: z.enum(['HASH_MISMATCH', 'PREV_HASH_MISMATCH', 'SEQ_GAP']),
      })
      .strict()
      .optional(),
  })
  .strict();
export type AuditVerification = z.infer<typeof auditVerificationSchema>;
