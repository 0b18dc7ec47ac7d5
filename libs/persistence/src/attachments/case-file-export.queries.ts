import type { DataSource } from 'typeorm';

export type CaseFileExportStatus = 'RUNNING' | 'DONE' | 'FAILED';

/** One export of a case file and how far its archive got. */
export interface CaseFileExportRecord {
  exportId: string;
  caseId: string;
  requestedBy: string;
  status: CaseFileExportStatus;
  filesTotal: number;
  filesDone: number;
  /** Bytes of the stored files the archive takes in (the index and audit files are small and not counted). */
  bytesTotal: number;
  bytesDone: number;
  /** The finished archive as stored: its checksum names it in the object store. */
  archive: { sha256: string; size: number } | null;
  error: string | null;
  requestedAt: string;
  /** When the builder last reported; a running export that stops reporting was lost with its gateway. */
  updatedAt: string;
  completedAt: string | null;
}

interface Row {
  export_id: string;
  case_id: string;
  requested_by: string;
  status: CaseFileExportStatus;
  files_total: number;
  files_done: number;
  bytes_total: string;
  bytes_done: string;
  sha256: string | null;
  size_bytes: string | null;
  error: string | null;
  requested_at: Date;
  updated_at: Date;
  completed_at: Date | null;
}

const COLUMNS = `export_id, case_id, requested_by, status, files_total, files_done, bytes_total, bytes_done, sha256,
  size_bytes, error, requested_at, updated_at, completed_at`;

function toRecord(row: Row): CaseFileExportRecord {
  return {
    exportId: row.export_id,
    caseId: row.case_id,
    requestedBy: row.requested_by,
    status: row.status,
    filesTotal: row.files_total,
    filesDone: row.files_done,
    bytesTotal: Number(row.bytes_total),
    bytesDone: Number(row.bytes_done),
    archive: row.sha256 === null ? null : { sha256: row.sha256, size: Number(row.size_bytes) },
    error: row.error,
    requestedAt: row.requested_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
  };
}

/** `case_file_exports`: a job row per export, updated by the gateway building its archive. */
export class CaseFileExportQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** A new running export, unless the requester already used `requestKey`: then the first one, not inserted. */
  async insert(
    job: Pick<CaseFileExportRecord, 'exportId' | 'caseId' | 'requestedBy' | 'filesTotal' | 'bytesTotal'>,
    requestKey: string,
  ): Promise<{ record: CaseFileExportRecord; inserted: boolean }> {
    const inserted: Row[] = await this.dataSource.query(
      `INSERT INTO case_file_exports (export_id, case_id, requested_by, request_key, status, files_total, bytes_total)
       VALUES ($1, $2, $3, $4, 'RUNNING', $5, $6)
       ON CONFLICT (requested_by, request_key) DO NOTHING
       RETURNING ${COLUMNS}`,
      [job.exportId, job.caseId, job.requestedBy, requestKey, job.filesTotal, job.bytesTotal],
    );
    if (inserted.length === 1) return { record: toRecord(inserted[0]), inserted: true };
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM case_file_exports WHERE requested_by = $1 AND request_key = $2`,
      [job.requestedBy, requestKey],
    );
    if (!rows[0]) throw new Error(`export insert for ${job.requestedBy}/${requestKey} neither inserted nor found`);
    return { record: toRecord(rows[0]), inserted: false };
  }

  async byId(caseId: string, exportId: string): Promise<CaseFileExportRecord | null> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM case_file_exports WHERE case_id = $1 AND export_id = $2`,
      [caseId, exportId],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Progress never goes back: a late write of an earlier count changes nothing. */
  async progress(exportId: string, filesDone: number, bytesDone: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE case_file_exports
          SET files_done = GREATEST(files_done, $2), bytes_done = GREATEST(bytes_done, $3), updated_at = now()
        WHERE export_id = $1 AND status = 'RUNNING'`,
      [exportId, filesDone, bytesDone],
    );
  }

  async complete(exportId: string, archive: { sha256: string; size: number }): Promise<void> {
    await this.dataSource.query(
      `UPDATE case_file_exports
          SET status = 'DONE', files_done = files_total, bytes_done = bytes_total, sha256 = $2, size_bytes = $3,
              updated_at = now(), completed_at = now()
        WHERE export_id = $1 AND status = 'RUNNING'`,
      [exportId, archive.sha256, archive.size],
    );
  }

  async fail(exportId: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE case_file_exports SET status = 'FAILED', error = $2, updated_at = now(), completed_at = now()
        WHERE export_id = $1 AND status = 'RUNNING'`,
      [exportId, error.slice(0, 2000)],
    );
  }
}
