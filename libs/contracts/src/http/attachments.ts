import { z } from 'zod';
import { EVIDENCE_KINDS } from '@shuangcha/domain/rectification';
import { safeText } from '../safe-text';
import { peopleMapSchema } from './people';
import { rectificationListIdSchema } from './rectification';

/**
 * The official documents a commission issues from what a case recorded (issue 13), laid out after
 * GB/T 9704-2012: 立案决定书, 审查调查报告 (outline), 党纪/政务处分决定书, 问责决定书, 整改通知书, 送达回证.
 */
export const DOCUMENT_KINDS = [
  'FILING_DECISION',
  'INVESTIGATION_REPORT',
  'SANCTION_DECISION',
  'ACCOUNTABILITY_DECISION',
  'RECTIFICATION_NOTICE',
  'SERVICE_RECEIPT',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** The kind of an issued document's row in the case file; uploads choose one of EVIDENCE_KINDS. */
export const ISSUED_DOCUMENT_KIND = 'ISSUED_DOCUMENT';

export const attachmentIdSchema = z
  .string()
  .regex(/^att-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be an attachment id')
  .meta({ example: 'att-3f1c2b9a-0d7c-4a5e-9d57-6f1c8f0e3b7a' });

/**
 * The form fields of `POST /cases/{id}/attachments`, sent before the `file` part. A task or a
 * rectification item (list id and item key together) of the case may be named as what the file belongs to.
 */
export const attachmentFieldsSchema = z
  .object({
    kind: z.enum(EVIDENCE_KINDS),
    taskId: safeText(120).min(1).optional(),
    rectificationListId: rectificationListIdSchema.optional(),
    rectificationItemKey: safeText(40).min(1).optional(),
  })
  .strict()
  .refine((f) => (f.rectificationListId === undefined) === (f.rectificationItemKey === undefined), {
    message: 'rectificationListId and rectificationItemKey go together',
    path: ['rectificationItemKey'],
  });
export type AttachmentFields = z.infer<typeof attachmentFieldsSchema>;

export const attachmentCitationSchema = z
  .object({
    /** A problem list item whose submitted evidence names the attachment by id or checksum. */
    source: z.literal('RECTIFICATION_SUBMISSION'),
    listId: z.string(),
    itemKey: z.string(),
  })
  .strict();

export const attachmentSchema = z
  .object({
    attachmentId: z.string(),
    caseId: z.string(),
    /** Lowercase hex SHA-256 the server computed while storing the bytes. */
    sha256: z.string(),
    size: z.number().int(),
    /** Sniffed from the bytes, never taken from the client. */
    contentType: z.string(),
    fileName: z.string(),
    kind: z.string(),
    /** The case's stage when the file was added. */
    stage: z.string(),
    taskId: z.string().nullable(),
    rectificationListId: z.string().nullable(),
    rectificationItemKey: z.string().nullable(),
    document: z
      .object({ kind: z.enum(DOCUMENT_KINDS), version: z.number().int(), documentNo: z.string().nullable() })
      .strict()
      .nullable(),
    addedBy: z.string(),
    addedAt: z.string(),
  })
  .strict();
export type AttachmentView = z.infer<typeof attachmentSchema>;

/** 证据目录: the case file's index, in the order things were added, with who cites each file. */
export const evidenceIndexSchema = z
  .object({
    caseId: z.string(),
    items: z.array(attachmentSchema.extend({ citedBy: z.array(attachmentCitationSchema) })),
    people: peopleMapSchema.optional(),
  })
  .strict();
export type EvidenceIndex = z.infer<typeof evidenceIndexSchema>;
/** `POST /cases/{id}/documents`: issue (or issue again, as a new version) one official document. */
export const issueDocumentBodySchema = z.object({ kind: z.enum(DOCUMENT_KINDS) }).strict();
export type IssueDocumentBody = z.infer<typeof issueDocumentBodySchema>;

export const caseFileExportIdSchema = z
  .string()
  .regex(/^exp-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be an export id')
  .meta({ example: 'exp-0d7c4a5e-3f1c-4b9a-9d57-6f1c8f0e3b7a' });

/**
 * An export of a closed case's file, built in the background (`POST /cases/{id}/exports`): how many of its
 * files and bytes are in the archive so far, then the archive's checksum once it can be downloaded.
 */
export const caseFileExportSchema = z
  .object({
    exportId: z.string(),
    caseId: z.string(),
    requestedBy: z.string(),
    /** RUNNING until the archive is stored (DONE) or building it failed (FAILED, with `error`). */
    status: z.enum(['RUNNING', 'DONE', 'FAILED']),
    filesDone: z.number().int(),
    filesTotal: z.number().int(),
    /** Bytes of the case file's stored files taken into the archive so far, of `bytesTotal`. */
    bytesDone: z.number().int(),
    bytesTotal: z.number().int(),
    /** The finished archive: its SHA-256 and size, as the download's Repr-Digest and Content-Length. */
    archive: z.object({ sha256: z.string(), size: z.number().int() }).strict().nullable(),
    error: z.string().nullable(),
    requestedAt: z.string(),
    completedAt: z.string().nullable(),
  })
  .strict();
export type CaseFileExportView = z.infer<typeof caseFileExportSchema>;
