import type { DataSource, EntityManager } from 'typeorm';

/** One row of the case file: an uploaded attachment or an issued document, by its stored object's checksum. */
export interface AttachmentRecord {
  attachmentId: string;
  caseId: string;
  sha256: string;
  size: number;
  contentType: string;
  fileName: string;
  kind: string;
  /** The case's stage when it was added. */
  stage: string;
  taskId: string | null;
  rectificationListId: string | null;
  rectificationItemKey: string | null;
  /** Set on issued documents only: which document, which issue of it, under which document number. */
  document: { kind: string; version: number; documentNo: string | null } | null;
  addedBy: string;
  addedAt: string;
}

/** Where an attachment is cited: a rectification item's submitted evidence names it by id or checksum. */
export interface AttachmentCitation {
  listId: string;
  itemKey: string;
  evidenceId: string;
  sha256: string;
}

interface Row {
  attachment_id: string;
  case_id: string;
  sha256: string;
  size_bytes: string;
  content_type: string;
  file_name: string;
  kind: string;
  stage: string;
  task_id: string | null;
  rectification_list_id: string | null;
  rectification_item_key: string | null;
  document_kind: string | null;
  document_version: number | null;
  document_no: string | null;
  added_by: string;
  added_at: Date;
  request_key: string;
}

const COLUMNS = `attachment_id, case_id, sha256, size_bytes, content_type, file_name, kind, stage, task_id,
  rectification_list_id, rectification_item_key, document_kind, document_version, document_no, added_by,
  added_at, request_key`;

function toRecord(row: Row): AttachmentRecord {
  return {
    attachmentId: row.attachment_id,
    caseId: row.case_id,
    sha256: row.sha256,
    size: Number(row.size_bytes),
    contentType: row.content_type,
    fileName: row.file_name,
    kind: row.kind,
    stage: row.stage,
    taskId: row.task_id,
    rectificationListId: row.rectification_list_id,
    rectificationItemKey: row.rectification_item_key,
    document:
      row.document_kind === null || row.document_version === null
        ? null
        : { kind: row.document_kind, version: row.document_version, documentNo: row.document_no },
    addedBy: row.added_by,
    addedAt: row.added_at.toISOString(),
  };
}

function managerOf(source: DataSource | EntityManager): EntityManager {
  return 'manager' in source ? source.manager : source;
}

/** Reads and inserts of `case_attachments`; rows are never updated or deleted (the app role cannot). */
export class AttachmentQueries {
  constructor(private readonly source: DataSource | EntityManager) {}

  /**
   * Inserts the row unless the uploader already used `requestKey`; returns the stored row either way and
   * whether this call inserted it (a retried upload gets the first one's row).
   */
  async insert(record: AttachmentRecord, requestKey: string): Promise<{ record: AttachmentRecord; inserted: boolean }> {
    const inserted: Row[] = await managerOf(this.source).query(
      `INSERT INTO case_attachments (${COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       ON CONFLICT (added_by, request_key) DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        record.attachmentId,
        record.caseId,
        record.sha256,
        record.size,
        record.contentType,
        record.fileName,
        record.kind,
        record.stage,
        record.taskId,
        record.rectificationListId,
        record.rectificationItemKey,
        record.document?.kind ?? null,
        record.document?.version ?? null,
        record.document?.documentNo ?? null,
        record.addedBy,
        record.addedAt,
        requestKey,
      ],
    );
    if (inserted.length === 1) return { record: toRecord(inserted[0]), inserted: true };
    const first = await this.byRequest(record.addedBy, requestKey);
    if (!first) throw new Error(`attachment insert for ${record.addedBy}/${requestKey} neither inserted nor found`);
    return { record: first, inserted: false };
  }

  async byId(attachmentId: string): Promise<AttachmentRecord | null> {
    const rows: Row[] = await managerOf(this.source).query(
      `SELECT ${COLUMNS} FROM case_attachments WHERE attachment_id = $1`,
      [attachmentId],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async byRequest(addedBy: string, requestKey: string): Promise<AttachmentRecord | null> {
    const rows: Row[] = await managerOf(this.source).query(
      `SELECT ${COLUMNS} FROM case_attachments WHERE added_by = $1 AND request_key = $2`,
      [addedBy, requestKey],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** The case file in the order things were added. */
  async ofCase(caseId: string): Promise<AttachmentRecord[]> {
    const rows: Row[] = await managerOf(this.source).query(
      `SELECT ${COLUMNS} FROM case_attachments WHERE case_id = $1 ORDER BY added_at, attachment_id`,
      [caseId],
    );
    return rows.map(toRecord);
  }

  /** The next issue number of a document of the case (1 for the first). */
  async nextDocumentVersion(caseId: string, documentKind: string): Promise<number> {
    const rows: { next: number }[] = await managerOf(this.source).query(
      `SELECT COALESCE(MAX(document_version), 0) + 1 AS next FROM case_attachments
        WHERE case_id = $1 AND document_kind = $2`,
      [caseId, documentKind],
    );
    return Number(rows[0].next);
  }

  /** Evidence the case's problem lists cite, from each item's submission (DOMAIN §6 evidence). */
  async citations(caseId: string): Promise<AttachmentCitation[]> {
    const rows: { list_id: string; item_key: string; evidence_id: string; sha256: string }[] = await managerOf(
      this.source,
    ).query(
      `SELECT i.list_id, i.item_key, e->>'id' AS evidence_id, e->>'sha256' AS sha256
         FROM rectification_items i
         JOIN rectification_lists l ON l.list_id = i.list_id
         CROSS JOIN LATERAL jsonb_array_elements(i.evidence) e
        WHERE l.source_case_id = $1
        ORDER BY i.list_id, i.item_key`,
      [caseId],
    );
    return rows.map((r) => ({ listId: r.list_id, itemKey: r.item_key, evidenceId: r.evidence_id, sha256: r.sha256 }));
  }

  /** The SHA-256 of each of `attachmentIds` that is an attachment of the case; others are absent. */
  async checksumsInCase(caseId: string, attachmentIds: readonly string[]): Promise<Map<string, string>> {
    const rows: { attachment_id: string; sha256: string }[] = await managerOf(this.source).query(
      `SELECT attachment_id, sha256 FROM case_attachments WHERE case_id = $1 AND attachment_id = ANY($2::text[])`,
      [caseId, [...attachmentIds]],
    );
    return new Map(rows.map((r) => [r.attachment_id, r.sha256]));
  }

  /** Whether the task is one of the case's (its own or a child workflow's). */
  async taskOfCase(caseId: string, taskId: string): Promise<boolean> {
    const rows: unknown[] = await managerOf(this.source).query(
      `SELECT 1 FROM case_tasks WHERE task_id = $1 AND case_id = $2`,
      [taskId, caseId],
    );
    return rows.length > 0;
  }

  /** Whether the item is on a problem list that rectifies the case's findings. */
  async rectificationItemOfCase(caseId: string, listId: string, itemKey: string): Promise<boolean> {
    const rows: unknown[] = await managerOf(this.source).query(
      `SELECT 1 FROM rectification_items i JOIN rectification_lists l ON l.list_id = i.list_id
        WHERE l.source_case_id = $1 AND i.list_id = $2 AND i.item_key = $3`,
      [caseId, listId, itemKey],
    );
    return rows.length > 0;
  }
}
