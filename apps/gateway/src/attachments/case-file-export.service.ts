import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import type * as Archiver from 'archiver' with { 'resolution-mode': 'import' };
import { DataSource } from 'typeorm';
import { ProblemCode, type EvidenceIndex } from '@shuangcha/contracts/http';
import { appendAuditEntry, AttachmentQueries, listAudit, verifyAnchoredChain } from '@shuangcha/persistence';
import { AuditCheckpointService } from '../audit/audit-checkpoint.service';
import type { Principal } from '../auth/principal';
import { PeopleMapService } from '../people/people-map.service';
import { CaseAccessService } from '../policy/case-access.service';
import { ProblemException } from '../problem/problem.exception';
import { AttachmentsService } from './attachments.service';

/** One file of the archive as its index lists it. */
export interface ArchivedFile {
  path: string;
  sha256: string;
  size: number;
}

/**
 * archiver 8 ships ESM only; this CommonJS build loads it with require (Node ≥ 20.19 require(esm), and Jest
 * compiles it, see jest.config.js).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ZipArchive } = require('archiver') as typeof Archiver;

const CSV_COLUMNS = [
  'path',
  'attachmentId',
  'kind',
  'documentKind',
  'documentVersion',
  'documentNo',
  'fileName',
  'contentType',
  'size',
  'sha256',
  'stage',
  'addedBy',
  'addedByName',
  'addedByPost',
  'addedAt',
  'citedBy',
] as const;

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  // A leading =, +, - or @ would run as a formula in a spreadsheet (CSV injection).
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Keeps the original name readable in the archive while the id keeps paths unique. */
function archivePath(folder: string, attachmentId: string, fileName: string): string {
  return `${folder}/${attachmentId}-${fileName.replace(/[\\/:*?"<>|\x00-\x1f]/g, '_')}`;
}

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Per archived entry, once its bytes are in the zip: which file it was and how many bytes it held. */
export type ArchiveProgress = (entry: { path: string; size: number }) => void;

/** Entries besides the stored files: the audit trail, its verification, the CSV and the JSON index. */
export const INDEX_FILES = 4;

/**
 * The case file of a closed case as one zip for the archives office (issue 13 item 4): every attachment and
 * issued document, the evidence index (JSON and CSV) listing each file's path and checksum, and the audit
 * trail with its verification result. The archive is a stream built as it is read (no temp file, nothing
 * held whole): `GET /cases/{id}/export` sends it as it comes; an export job (CaseFileExportJobs) stores it
 * and reports progress per entry.
 */
@Injectable()
export class CaseFileExportService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AttachmentQueries) private readonly queries: AttachmentQueries,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
    @Inject(AttachmentsService) private readonly attachments: AttachmentsService,
    @Inject(PeopleMapService) private readonly people: PeopleMapService,
    @Inject(AuditCheckpointService) private readonly checkpoints: AuditCheckpointService,
  ) {}

  /** Checks access and closure, audits the export, then returns the archive stream (finalised as it drains). */
  async export(principal: Principal, caseId: string, traceId: string): Promise<Archiver.ZipArchive> {
    const state = await this.requireClosed(principal, caseId);
    // Audited first, so the trail in the archive records its own export.
    await this.audit(principal, caseId, traceId, {});
    return this.archive(caseId, state.caseNo);
  }

  /** The case, when the caller may read it and it is closed: only a closed case file is archived. */
  async requireClosed(principal: Principal, caseId: string): Promise<{ caseNo: string }> {
    const state = await this.access.requireCase(principal, 'read', caseId);
    if (state.status !== 'CLOSED') {
      throw new ProblemException(
        ProblemCode.CaseNotClosed,
        `case ${caseId} is still open; only a closed case file is archived`,
        {
          caseId,
        },
      );
    }
    return state;
  }

  async audit(principal: Principal, caseId: string, traceId: string, details: Record<string, string>): Promise<void> {
    await appendAuditEntry(this.dataSource.manager, {
      eventKey: `gateway:export:${traceId}:${randomUUID()}`,
      caseId,
      actorId: principal.personId,
      action: 'CASE_FILE_EXPORTED',
      at: new Date().toISOString(),
      after: { traceId, ...details },
    });
  }

  /** The zip of the case file as it stands; `onEntry` hears of each entry once it is in the archive. */
  async archive(caseId: string, caseNo: string, onEntry?: ArchiveProgress): Promise<Archiver.ZipArchive> {
    const [index, records, trail, verification] = await Promise.all([
      this.attachments.indexOf(caseId).then((i) => this.people.withPeople(i)),
      this.queries.ofCase(caseId),
      listAudit(this.dataSource, caseId),
      verifyAnchoredChain(this.dataSource, caseId, this.checkpoints.keys).then(({ entries: _e, ...result }) => result),
    ]);
    const archive = new ZipArchive({ zlib: { level: 6 } });
    const files: (ArchivedFile & { attachmentId?: string })[] = [];
    const sizes = new Map<string, number>();
    if (onEntry) archive.on('entry', (entry) => onEntry({ path: entry.name, size: sizes.get(entry.name) ?? 0 }));
    const addBytes = (path: string, bytes: Buffer) => {
      archive.append(bytes, { name: path });
      files.push({ path, sha256: sha256Of(bytes), size: bytes.length });
    };
    addBytes('audit/audit-trail.json', Buffer.from(JSON.stringify({ caseId, entries: trail }, null, 2)));
    addBytes('audit/verification.json', Buffer.from(JSON.stringify({ caseId, ...verification }, null, 2)));
    const paths = new Map<string, string>();
    for (const record of records) {
      const path = archivePath(record.document ? 'documents' : 'attachments', record.attachmentId, record.fileName);
      paths.set(record.attachmentId, path);
      sizes.set(path, record.size);
      // Opened only when the zip reaches the file: a case of many files never holds many store reads open.
      archive.append(Readable.from(opened(() => this.attachments.bytesOf(record))), { name: path });
      files.push({ path, sha256: record.sha256, size: record.size, attachmentId: record.attachmentId });
    }
    addBytes('evidence-index.csv', Buffer.from(`\ufeff${evidenceCsv(index, paths)}`));
    const manifest = {
      caseId,
      caseNo,
      exportedAt: new Date().toISOString(),
      files,
      evidence: index,
      audit: verification,
    };
    archive.append(Buffer.from(JSON.stringify(manifest, null, 2)), { name: 'evidence-index.json' });
    void archive.finalize();
    return archive;
  }
}

async function* opened(open: () => Promise<Readable>): AsyncGenerator<Buffer> {
  yield* (await open()) as AsyncIterable<Buffer>;
}

function evidenceCsv(index: EvidenceIndex, paths: Map<string, string>): string {
  const rows = index.items.map((item) => {
    const person = index.people?.[item.addedBy];
    const values: Record<(typeof CSV_COLUMNS)[number], unknown> = {
      path: paths.get(item.attachmentId),
      attachmentId: item.attachmentId,
      kind: item.kind,
      documentKind: item.document?.kind,
      documentVersion: item.document?.version,
      documentNo: item.document?.documentNo,
      fileName: item.fileName,
      contentType: item.contentType,
      size: item.size,
      sha256: item.sha256,
      stage: item.stage,
      addedBy: item.addedBy,
      addedByName: person?.displayName,
      addedByPost: person?.post,
      addedAt: item.addedAt,
      citedBy: item.citedBy.map((c) => `${c.listId}/${c.itemKey}`).join(' '),
    };
    return CSV_COLUMNS.map((column) => csvCell(values[column])).join(',');
  });
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}
