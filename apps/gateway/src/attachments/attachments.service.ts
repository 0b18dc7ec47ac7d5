import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { pipeline, Transform, type Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@shuangcha/config';
import {
  attachmentFieldsSchema,
  ProblemCode,
  type AttachmentFields,
  type AttachmentView,
  type DocumentKind,
  type EvidenceIndex,
} from '@shuangcha/contracts/http';
import {
  appendAuditEntry,
  AttachmentQueries,
  OBJECT_STORE,
  ObjectTooLargeError,
  type AttachmentRecord,
  type ObjectStore,
} from '@shuangcha/persistence';
import type { Principal } from '../auth/principal';
import { PeopleMapService } from '../people/people-map.service';
import { CaseAccessService } from '../policy/case-access.service';
import { ProblemException } from '../problem/problem.exception';
import { sniffContentType } from './content-type';
import { receiveUpload, type UploadedFile } from './multipart-upload';

export function attachmentView(record: AttachmentRecord): AttachmentView {
  return { ...record, document: record.document && { ...record.document, kind: record.document.kind as DocumentKind } };
}

/** An attachment's bytes as stored, checked against its checksum while they are sent. */
export interface AttachmentDownload {
  record: AttachmentRecord;
  stream: Readable;
}

/**
 * The case file's attachments (issue 13): streamed uploads stored by the checksum the server computes,
 * the evidence index (证据目录) and downloads. Uploading is acting on the case; listing and downloading
 * need its full view (DOMAIN §8 need-to-know), so a subject, a trace-back candidate, a recused person,
 * a supervisor (metadata only) and an outsider get the same 404 as for a case that does not exist. Every
 * addition and every download is appended to the case's audit chain.
 */
@Injectable()
export class AttachmentsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AttachmentQueries) private readonly queries: AttachmentQueries,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
    @Inject(PeopleMapService) private readonly people: PeopleMapService,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Stores the upload; `created` is false when the key's first upload (same bytes) answers a retry. */
  async upload(
    principal: Principal,
    requestKey: string,
    caseId: string,
    req: IncomingMessage,
  ): Promise<{ attachment: AttachmentView; created: boolean }> {
    const state = await this.access.requireCase(principal, 'act', caseId);
    if (state.status === 'CLOSED') {
      throw new ProblemException(ProblemCode.CaseClosed, `case ${caseId} is closed; its file takes nothing new`, {
        caseId,
      });
    }
    const earlier = await this.queries.byRequest(principal.personId, requestKey);
    return receiveUpload(req, async (file) => {
      const fields = attachmentFieldsSchema.parse(file.fields);
      if (earlier) return { attachment: attachmentView(await this.replay(earlier, caseId, file)), created: false };
      await this.checkTarget(caseId, fields);
      const contentType = sniffContentType(file.head);
      if (!contentType) {
        throw new ProblemException(
          ProblemCode.AttachmentTypeNotAllowed,
          `the first bytes of ${file.fileName} are not a type the case file takes (PDF, OFD, office files, images, recordings, UTF-8 text)`,
          { caseId },
        );
      }
      const stored = await this.store
        .put(file.stream, { maxBytes: this.config.ATTACHMENT_MAX_BYTES })
        .catch(this.tooLarge);
      const { record, inserted } = await this.add(
        {
          attachmentId: `att-${randomUUID()}`,
          caseId,
          sha256: stored.sha256,
          size: stored.size,
          contentType,
          fileName: file.fileName,
          kind: fields.kind,
          stage: state.stage,
          taskId: fields.taskId ?? null,
          rectificationListId: fields.rectificationListId ?? null,
          rectificationItemKey: fields.rectificationItemKey ?? null,
          document: null,
          addedBy: principal.personId,
          addedAt: new Date().toISOString(),
        },
        requestKey,
      );
      if (!inserted && record.sha256 !== stored.sha256) throw keyReused(requestKey);
      return { attachment: attachmentView(record), created: inserted };
    });
  }

  /** Inserts the row (once per uploader and key) and audits the addition on the case's chain. */
  async add(record: AttachmentRecord, requestKey: string): Promise<{ record: AttachmentRecord; inserted: boolean }> {
    const result = await this.queries.insert(record, requestKey);
    if (result.inserted) {
      await appendAuditEntry(this.dataSource.manager, {
        eventKey: `attachment:${result.record.attachmentId}`,
        caseId: result.record.caseId,
        actorId: result.record.addedBy,
        action: result.record.document ? 'DOCUMENT_ISSUED' : 'ATTACHMENT_ADDED',
        at: result.record.addedAt,
        after: {
          attachmentId: result.record.attachmentId,
          sha256: result.record.sha256,
          size: result.record.size,
          contentType: result.record.contentType,
          kind: result.record.kind,
          stage: result.record.stage,
          ...(result.record.document ? { document: result.record.document } : {}),
        },
      });
    }
    return result;
  }

  async index(principal: Principal, caseId: string): Promise<EvidenceIndex> {
    await this.access.requireCase(principal, 'read', caseId);
    return this.people.withPeople(await this.indexOf(caseId));
  }

  /** The evidence index without an access check: for callers that already made theirs (the export). */
  async indexOf(caseId: string): Promise<EvidenceIndex> {
    const [records, citations] = await Promise.all([this.queries.ofCase(caseId), this.queries.citations(caseId)]);
    return {
      caseId,
      items: records.map((record) => ({
        ...attachmentView(record),
        citedBy: citations
          .filter((c) => c.evidenceId === record.attachmentId || c.sha256 === record.sha256)
          .map((c) => ({ source: 'RECTIFICATION_SUBMISSION' as const, listId: c.listId, itemKey: c.itemKey })),
      })),
    };
  }

  /** The bytes of an attachment the caller may read, audited before the first byte leaves. */
  async download(principal: Principal, attachmentId: string, traceId: string): Promise<AttachmentDownload> {
    const record = await this.queries.byId(attachmentId);
    if (!record) throw new ProblemException(ProblemCode.AttachmentNotFound, `no attachment ${attachmentId}`);
    await this.access.require(
      principal,
      'read',
      record.caseId,
      ProblemCode.AttachmentNotFound,
      `attachment ${attachmentId}`,
    );
    const stream = await this.store.get(record.sha256);
    await appendAuditEntry(this.dataSource.manager, {
      eventKey: `gateway:download:${traceId}:${randomUUID()}`,
      caseId: record.caseId,
      actorId: principal.personId,
      action: 'ATTACHMENT_DOWNLOADED',
      at: new Date().toISOString(),
      after: { attachmentId, sha256: record.sha256, traceId },
    });
    return { record, stream: guarded(stream, record.sha256) };
  }

  /** The stored bytes of an attachment, checksum-checked as they stream (no access check: the caller made one). */
  bytesOf(record: AttachmentRecord): Promise<Readable> {
    return this.objectBytes(record.sha256);
  }

  /** Any stored object's bytes (an attachment, an exported archive), checksum-checked as they stream. */
  async objectBytes(sha256: string): Promise<Readable> {
    return guarded(await this.store.get(sha256), sha256);
  }

  private async checkTarget(caseId: string, fields: AttachmentFields): Promise<void> {
    if (fields.taskId && !(await this.queries.taskOfCase(caseId, fields.taskId))) {
      throw new ProblemException(ProblemCode.AttachmentTargetInvalid, `task ${fields.taskId} is not one of ${caseId}`, {
        caseId,
        errors: [{ path: 'taskId', message: 'not a task of this case' }],
      });
    }
    const { rectificationListId: listId, rectificationItemKey: itemKey } = fields;
    if (listId && itemKey && !(await this.queries.rectificationItemOfCase(caseId, listId, itemKey))) {
      throw new ProblemException(
        ProblemCode.AttachmentTargetInvalid,
        `item ${itemKey} of ${listId} does not rectify the findings of ${caseId}`,
        { caseId, errors: [{ path: 'rectificationItemKey', message: 'not an item of a problem list of this case' }] },
      );
    }
  }

  /** A retried upload under a used key: the same bytes get the first answer, other bytes 422. Stores nothing. */
  private async replay(earlier: AttachmentRecord, caseId: string, file: UploadedFile): Promise<AttachmentRecord> {
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of file.stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > this.config.ATTACHMENT_MAX_BYTES)
        this.tooLarge(new ObjectTooLargeError(this.config.ATTACHMENT_MAX_BYTES));
      hash.update(chunk);
    }
    if (earlier.caseId !== caseId || hash.digest('hex') !== earlier.sha256) throw keyReused(earlier.attachmentId);
    return earlier;
  }

  private readonly tooLarge = (error: unknown): never => {
    if (error instanceof ObjectTooLargeError) {
      throw new ProblemException(
        ProblemCode.AttachmentTooLarge,
        `an attachment may have at most ${error.maxBytes} bytes (ATTACHMENT_MAX_BYTES)`,
      );
    }
    throw error;
  };
}

function keyReused(what: string): ProblemException {
  return new ProblemException(
    ProblemCode.IdempotencyKeyReused,
    `this Idempotency-Key already uploaded other bytes (${what}); use a new key for a new file`,
  );
}

/**
 * Passes the bytes on and fails the stream at the end if they do not hash to `sha256`: a file changed in
 * the store is never delivered as the evidence a decision cites.
 */
function guarded(source: Readable, sha256: string): Readable {
  const hash = createHash('sha256');
  const guard = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      const actual = hash.digest('hex');
      done(actual === sha256 ? null : new Error(`stored object ${sha256} now hashes to ${actual}`));
    },
  });
  // A read error of the store ends the guard too (pipeline destroys every stage on the first failure).
  pipeline(source, guard, () => undefined);
  return guard;
}
