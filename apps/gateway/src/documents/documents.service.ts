import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@shuangcha/config';
import type { CaseState } from '@shuangcha/contracts';
import {
  ISSUED_DOCUMENT_KIND,
  ProblemCode,
  type AttachmentView,
  type DocumentKind,
  type IssueDocumentBody,
} from '@shuangcha/contracts/http';
import { shanghaiLocalDate } from '@shuangcha/domain/calendar';
import {
  AttachmentQueries,
  CaseRecordQueries,
  OBJECT_STORE,
  PeopleQueries,
  type ObjectStore,
} from '@shuangcha/persistence';
import { attachmentView, AttachmentsService } from '../attachments/attachments.service';
import type { Principal } from '../auth/principal';
import { IdempotencyService, type IdempotentResult } from '../idempotency/idempotency.service';
import { CaseAccessService } from '../policy/case-access.service';
import { ProblemException } from '../problem/problem.exception';
import { documentContent, DocumentDataMissingError, DOCUMENT_TITLES, type CaseRecord } from './document-content';
import { renderOfficialDocument } from './official-document';
import { recordedStages } from './recorded-stages';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** 2026-03-01 → 2026年3月1日 (成文日期 in Arabic numerals, GB/T 9704-2012 §7.3.5.3). */
function chineseDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/**
 * Official documents issued from what the case recorded (issue 13 item 3). Each issue is a new version in
 * the case file, stored with its checksum like any attachment and audited as DOCUMENT_ISSUED.
 */
@Injectable()
export class DocumentsService {
  constructor(
    @Inject(CaseRecordQueries) private readonly records: CaseRecordQueries,
    @Inject(PeopleQueries) private readonly people: PeopleQueries,
    @Inject(AttachmentQueries) private readonly attachmentRows: AttachmentQueries,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
    @Inject(AttachmentsService) private readonly attachments: AttachmentsService,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  issue(
    principal: Principal,
    key: string,
    caseId: string,
    body: IssueDocumentBody,
  ): Promise<IdempotentResult<AttachmentView>> {
    return this.idempotency.run(
      { principalId: principal.personId, key, route: 'POST /cases/{id}/documents', body: { caseId, ...body } },
      async () => {
        const state = await this.access.requireCase(principal, 'act', caseId);
        if (state.status === 'CLOSED') {
          throw new ProblemException(ProblemCode.CaseClosed, `case ${caseId} is closed; its file takes nothing new`, {
            caseId,
          });
        }
        const record = await this.caseRecord(caseId, state);
        let bytes: Buffer;
        try {
          bytes = await renderOfficialDocument(documentContent(body.kind, record));
        } catch (error) {
          if (!(error instanceof DocumentDataMissingError)) throw error;
          throw new ProblemException(ProblemCode.DocumentDataMissing, error.message, { caseId });
        }
        const stored = await this.store.put(Readable.from([bytes]), { maxBytes: this.config.ATTACHMENT_MAX_BYTES });
        const version = await this.attachmentRows.nextDocumentVersion(caseId, body.kind);
        const { record: row } = await this.attachments.add(
          {
            attachmentId: `att-${randomUUID()}`,
            caseId,
            sha256: stored.sha256,
            size: stored.size,
            contentType: DOCX,
            fileName: `${DOCUMENT_TITLES[body.kind]}（第${version}版）.docx`,
            kind: ISSUED_DOCUMENT_KIND,
            stage: state.stage,
            taskId: null,
            rectificationListId: null,
            rectificationItemKey: null,
            document: { kind: body.kind, version, documentNo: record.documentNo },
            addedBy: principal.personId,
            addedAt: new Date().toISOString(),
          },
          `document:${key}`,
        );
        return attachmentView(row);
      },
    );
  }

  /** The case's record as the documents state it: decisions, number, names of people and units. */
  private async caseRecord(caseId: string, state: CaseState): Promise<CaseRecord> {
    const today = shanghaiLocalDate(Date.now());
    const [decisions, documentNo, accountability, items, issued] = await Promise.all([
      this.records.decisions(caseId),
      this.records.documentNo(caseId),
      this.records.accountability(caseId),
      this.records.rectificationItems(caseId),
      this.attachmentRows.ofCase(caseId),
    ]);
    const subjectIds = state.conflicts.filter((c) => c.ground === 'SUBJECT').map((c) => c.personId);
    const accountable = [
      ...(accountability?.primaryResponsibility ?? []),
      ...(accountability?.supervisoryResponsibility ?? []),
    ];
    const personIds = new Set([
      ...subjectIds,
      ...decisions.map((d) => d.actorId),
      ...accountable.flatMap((a) => (a.personId ? [a.personId] : [])),
      ...items.map((i) => i.responsiblePersonId),
    ]);
    const [names, units] = await Promise.all([
      this.people.namesOf([...personIds], today),
      this.records.unitNames([state.jurisdictionId, state.unitId]),
    ]);
    const person = (id: string) => ({ name: names[id]?.displayName ?? id, post: names[id]?.post ?? null });
    return {
      caseNo: state.caseNo,
      documentNo,
      issuingOrgan: units[state.jurisdictionId] ?? state.jurisdictionId,
      unitName: units[state.unitId] ?? state.unitId,
      subjects: subjectIds.map(person),
      stages: recordedStages(decisions, (id) => person(id).name),
      accountability: accountable
        .filter((a) => a.personId)
        .map((a) => ({
          person: person(a.personId!),
          determination: a.determination,
          forms: [...a.finalMeasures.forms],
          modifiers: a.finalMeasures.modifiers.map((m) => m.text),
        })),
      rectificationItems: items.map((i) => ({
        problem: i.problem,
        measure: i.measure,
        dueDate: i.dueAt.slice(0, 10),
        responsible: person(i.responsiblePersonId),
      })),
      issuedDocuments: issued
        .filter((a) => a.document)
        .map((a) => ({ title: DOCUMENT_TITLES[a.document!.kind as DocumentKind], documentNo: a.document!.documentNo })),
      issuedOn: chineseDate(today),
    };
  }
}
