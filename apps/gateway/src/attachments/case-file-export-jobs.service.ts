import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProblemCode, type CaseFileExportView } from '@shuangcha/contracts/http';
import {
  appendAuditEntry,
  AttachmentQueries,
  CaseFileExportQueries,
  OBJECT_STORE,
  type CaseFileExportRecord,
  type ObjectStore,
} from '@shuangcha/persistence';
import type { Principal } from '../auth/principal';
import { CaseAccessService } from '../policy/case-access.service';
import { ProblemException } from '../problem/problem.exception';
import { AttachmentsService } from './attachments.service';
import { CaseFileExportService, INDEX_FILES } from './case-file-export.service';

/** A running export reports at least this often while its gateway lives (a single large file takes long). */
const HEARTBEAT_MS = 10_000;
/** A running export silent for this long was lost with the gateway building it. */
const LOST_AFTER_MS = 6 * HEARTBEAT_MS;
/** The archive is ours, not a client's upload: no size limit beyond what the store takes. */
const NO_LIMIT = Number.MAX_SAFE_INTEGER;

export function exportView(record: CaseFileExportRecord, nowMs = Date.now()): CaseFileExportView {
  const lost = record.status === 'RUNNING' && nowMs - Date.parse(record.updatedAt) > LOST_AFTER_MS;
  return {
    exportId: record.exportId,
    caseId: record.caseId,
    requestedBy: record.requestedBy,
    status: lost ? 'FAILED' : record.status,
    filesDone: record.filesDone,
    filesTotal: record.filesTotal,
    bytesDone: record.bytesDone,
    bytesTotal: record.bytesTotal,
    archive: record.archive,
    error: lost ? 'the gateway building the archive stopped; request a new export' : record.error,
    requestedAt: record.requestedAt,
    completedAt: record.completedAt,
  };
}

/**
 * Exports of large case files (issue 13 item 4): the request returns at once with a job, the zip is built
 * in the background into the object store (like any object, under its SHA-256), and the job row shows files
 * and bytes done as the archive grows; once DONE it is downloaded as often as needed. Requesting and each
 * download are audited on the case's chain. The job runs in the gateway that took the request; one that
 * stops reporting (that gateway died) is shown FAILED, and a new export is requested.
 */
@Injectable()
export class CaseFileExportJobs implements OnApplicationShutdown {
  private readonly logger = new Logger(CaseFileExportJobs.name);
  private readonly running = new Set<Promise<void>>();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CaseFileExportQueries) private readonly jobs: CaseFileExportQueries,
    @Inject(AttachmentQueries) private readonly attachmentRows: AttachmentQueries,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
    @Inject(CaseFileExportService) private readonly exports: CaseFileExportService,
    @Inject(AttachmentsService) private readonly attachments: AttachmentsService,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
  ) {}

  /** A new export job of a closed case, or the one this requester's Idempotency-Key already started. */
  async start(
    principal: Principal,
    key: string,
    caseId: string,
    traceId: string,
  ): Promise<{ view: CaseFileExportView; created: boolean }> {
    const state = await this.exports.requireClosed(principal, caseId);
    const records = await this.attachmentRows.ofCase(caseId);
    const { record, inserted } = await this.jobs.insert(
      {
        exportId: `exp-${randomUUID()}`,
        caseId,
        requestedBy: principal.personId,
        filesTotal: records.length + INDEX_FILES,
        bytesTotal: records.reduce((sum, r) => sum + r.size, 0),
      },
      key,
    );
    if (!inserted) {
      if (record.caseId !== caseId) {
        throw new ProblemException(ProblemCode.IdempotencyKeyReused, `key ${key} already exported another case`);
      }
      return { view: exportView(record), created: false };
    }
    // Audited before the archive is built, so the trail inside it records this export.
    await this.exports.audit(principal, caseId, traceId, { exportId: record.exportId });
    this.track(this.build(record, state.caseNo));
    return { view: exportView(record), created: true };
  }

  async status(principal: Principal, caseId: string, exportId: string): Promise<CaseFileExportView> {
    return exportView(await this.require(principal, caseId, exportId));
  }

  /** The finished archive's bytes, checksum-checked as they stream; the download is audited. */
  async download(
    principal: Principal,
    caseId: string,
    exportId: string,
    traceId: string,
  ): Promise<{ view: CaseFileExportView; archive: { sha256: string; size: number }; stream: Readable }> {
    const view = exportView(await this.require(principal, caseId, exportId));
    if (view.status !== 'DONE' || !view.archive) {
      throw new ProblemException(
        ProblemCode.CaseFileExportNotReady,
        `export ${exportId} is ${view.status}${view.error ? `: ${view.error}` : ''}`,
        { caseId },
      );
    }
    const stream = await this.attachments.objectBytes(view.archive.sha256);
    await appendAuditEntry(this.dataSource.manager, {
      eventKey: `gateway:export-download:${traceId}:${randomUUID()}`,
      caseId,
      actorId: principal.personId,
      action: 'CASE_FILE_EXPORT_DOWNLOADED',
      at: new Date().toISOString(),
      after: { exportId, sha256: view.archive.sha256, traceId },
    });
    return { view, archive: view.archive, stream };
  }

  /** Lets running builds finish before the database goes away (tests and rolling restarts). */
  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private async require(principal: Principal, caseId: string, exportId: string): Promise<CaseFileExportRecord> {
    await this.access.requireCase(principal, 'read', caseId);
    const record = await this.jobs.byId(caseId, exportId);
    if (!record) throw new ProblemException(ProblemCode.CaseFileExportNotFound, `no export ${exportId} of ${caseId}`);
    return record;
  }

  private async build(job: CaseFileExportRecord, caseNo: string): Promise<void> {
    const progress = { files: 0, bytes: 0 };
    let writing = Promise.resolve();
    // One write at a time, each with the latest counts: entries may finish faster than the database writes.
    const report = () => {
      writing = writing
        .then(() => this.jobs.progress(job.exportId, progress.files, progress.bytes))
        .catch((error: unknown) =>
          this.logger.warn({ err: error, exportId: job.exportId }, 'export progress not saved'),
        );
    };
    const heartbeat = setInterval(report, HEARTBEAT_MS);
    try {
      const archive = await this.exports.archive(job.caseId, caseNo, (entry) => {
        progress.files += 1;
        progress.bytes += entry.size;
        report();
      });
      const stored = await this.store.put(archive, { maxBytes: NO_LIMIT });
      clearInterval(heartbeat);
      await writing;
      await this.jobs.complete(job.exportId, stored);
    } catch (error) {
      clearInterval(heartbeat);
      this.logger.error({ err: error, caseId: job.caseId, exportId: job.exportId }, 'case file export failed');
      await writing;
      await this.jobs.fail(job.exportId, error instanceof Error ? error.message : String(error));
    }
  }

  private track(job: Promise<void>): void {
    const tracked = job.catch((error: unknown) =>
      this.logger.error({ err: error }, 'recording the end of a case file export failed'),
    );
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
  }
}
