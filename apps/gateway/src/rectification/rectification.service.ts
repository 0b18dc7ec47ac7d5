import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { APP_CONFIG, type AppConfig } from '@shuangcha/config';
import {
  decideRectificationRecheck,
  parseRectificationListRequest,
  progressReportSchema,
  rectificationItemWorkflowId,
  rectificationListWorkflowId,
  rectificationSubmissionSchema,
  reportRectificationProgress,
  submitRectification,
  type RectificationItemResult,
} from '@shuangcha/contracts';
import {
  ProblemCode,
  type CreateRectificationListBody,
  type ProblemFieldError,
  type ProgressReportBody,
  type RectificationItemRowView,
  type RectificationListCreatedView,
  type RectificationListDetail,
  type RectificationRecheckBody,
  type RectificationSupervisionExportQuery,
  type RectificationSupervisionItem,
  type RectificationSupervisionQuery,
  type RectificationSupervisionView,
  type SubmissionBody,
} from '@shuangcha/contracts/http';
import { shanghaiLocalDate } from '@shuangcha/domain/calendar';
import {
  citedEvidenceProblems,
  type CitedEvidence,
  type ImportReferenceData,
  type ImportRowError,
} from '@shuangcha/domain/rectification';
import {
  AttachmentQueries,
  OrgRepository,
  RectificationQueries,
  type RectificationItemRow,
} from '@shuangcha/persistence';
import type { Principal } from '../auth/principal';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { PeopleMapService } from '../people/people-map.service';
import { CaseAccessService, listResourceOf } from '../policy/case-access.service';
import { abilityFor, canOnList } from '../policy/case-policy';
import { ProblemException } from '../problem/problem.exception';
import { collect, EXPORT_PAGE, withCursor, type Export } from '../supervision/supervision.service';

/** Workflow type the gateway starts; the gateway may not import `workflows/` (STYLE §2), so by name. */
export const RECTIFICATION_LIST_WORKFLOW_TYPE = 'rectificationList';

export const RECTIFICATION_ROUTES = {
  create: 'POST /rectification/lists',
  progress: 'POST /rectification/lists/:id/items/:itemKey/progress',
  submission: 'POST /rectification/lists/:id/items/:itemKey/submission',
  recheck: 'POST /rectification/lists/:id/recheck',
} as const;

/** Row errors as problem field errors: `items.3.responsibleUnitId`, or the envelope field for row −1. */
export function rowErrors(errors: readonly ImportRowError[]): ProblemFieldError[] {
  return errors.map((e) => ({
    path: e.row < 0 ? e.field : `items.${e.row}.${e.field}`,
    message: `${e.code}: ${e.message}`,
  }));
}

function toRow(item: RectificationItemRowView): RectificationItemRowView {
  return {
    itemKey: item.itemKey,
    responsiblePersonId: item.responsiblePersonId,
    responsibleUnitId: item.responsibleUnitId,
    state: item.state,
    dueAt: item.dueAt,
    submittedAt: item.submittedAt,
    signedOffAt: item.signedOffAt,
    reopenCount: item.reopenCount,
    flaggedToSupervisors: item.flaggedToSupervisors,
    escalationLevel: item.escalationLevel,
    overdue: item.overdue,
    daysOverdue: item.daysOverdue,
  };
}
const toSupervisionRow = (r: RectificationItemRow): RectificationSupervisionItem => ({ listId: r.listId, ...toRow(r) });

/**
 * What the rectification endpoints call (controllers stay thin): create/import, the list with its
 * completion rate, progress and reporting done on an item, and the supervision view. Verification and
 * extensions go through the generic task endpoints, whose access check knows lists (CaseAccessService).
 * Need-to-know on a list: the rules for `RectificationList` in case-policy.ts.
 */
@Injectable()
export class RectificationService {
  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(RectificationQueries) private readonly queries: RectificationQueries,
    @Inject(OrgRepository) private readonly org: OrgRepository,
    @Inject(AttachmentQueries) private readonly attachments: AttachmentQueries,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
    @Inject(PeopleMapService) private readonly peopleMap: PeopleMapService,
  ) {}

  /**
   * Staff open a list for their own jurisdiction (the supervising body). Rows are checked against the org
   * model when one is loaded, so unknown units and persons are reported with every other bad row.
   */
  async open(
    principal: Principal,
    key: string,
    body: CreateRectificationListBody,
  ): Promise<{ response: RectificationListCreatedView; replayed: boolean }> {
    const target = { listId: '', jurisdictionIds: [body.supervisingBodyId], participantIds: [] };
    if (!canOnList(abilityFor(principal), 'create', target)) {
      throw new ProblemException(
        ProblemCode.Forbidden,
        `${principal.personId} may not open a problem list supervised by ${body.supervisingBodyId}`,
      );
    }
    const reference = await this.orgReference();
    const { response, replayed } = await this.idempotency.run(
      { principalId: principal.personId, key, route: RECTIFICATION_ROUTES.create, body },
      ({ requestId }) => this.create(principal.personId, key, requestId, body, reference),
    );
    // A retry answered from the idempotency table or from the workflow's memo is a replay either way.
    return { response, replayed: replayed || !response.created };
  }

  /**
   * Validates the whole body (every bad row reported) and starts `rectification-${listNo}` with conflict
   * policy FAIL. A repeat of the same request (caller, route, Idempotency-Key) returns the existing list;
   * any other request gets a conflict.
   */
  async create(
    openedBy: string,
    idempotencyKey: string,
    requestId: string,
    body: unknown,
    reference?: ImportReferenceData,
  ): Promise<RectificationListCreatedView> {
    const parsed = parseRectificationListRequest(
      { ...(typeof body === 'object' && body !== null ? body : {}), openedBy, requestKey: idempotencyKey },
      { nowMs: Date.now(), reference },
    );
    if (!parsed.ok) {
      throw new ProblemException(
        ProblemCode.InvalidRectificationList,
        `the problem list has ${parsed.errors.length} error(s); nothing was created`,
        { errors: rowErrors(parsed.errors) },
      );
    }
    const listId = rectificationListWorkflowId(parsed.input.listNo);
    try {
      await this.client.workflow.start(RECTIFICATION_LIST_WORKFLOW_TYPE, {
        workflowId: listId,
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        args: [parsed.input],
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        memo: { requestKey: requestId },
      });
      return { listId, created: true };
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      const existing = await this.client.workflow.getHandle(listId).describe();
      if (existing.memo?.requestKey === requestId) return { listId, created: false };
      throw new ProblemException(
        ProblemCode.RectificationListExists,
        `problem list ${listId} already exists (opened by another request)`,
      );
    }
  }

  /** Live state from the workflow; the read model once the workflow is gone (retention). */
  async detail(principal: Principal, listId: string): Promise<RectificationListDetail> {
    const list = await this.access.requireList(principal, 'read', listId);
    const detail: RectificationListDetail = {
      listId: list.listId,
      listNo: list.listNo,
      source: list.source,
      sourceCaseId: list.sourceCaseId,
      supervisingBodyId: list.supervisingBodyId,
      status: list.status,
      openedAt: list.openedAt,
      completedAt: list.completedAt,
      completion: { ...list.completion },
      items: list.items.map(toRow),
      ...(list.recheck ? { recheck: list.recheck } : {}),
    };
    // Names for those who work or verify the list; supervisors and admins read it as metadata.
    const works = canOnList(abilityFor(principal), 'act', listResourceOf(list));
    return works ? this.peopleMap.withPeople(detail) : detail;
  }

  reportProgress(
    principal: Principal,
    key: string,
    listId: string,
    itemKey: string,
    body: ProgressReportBody,
  ): Promise<RectificationItemResult> {
    const input = progressReportSchema.parse({ ...body, actorId: principal.personId });
    return this.itemUpdate(principal, key, listId, itemKey, RECTIFICATION_ROUTES.progress, body, {
      update: reportRectificationProgress,
      arg: input,
      cited: { field: 'attachments', refs: input.attachments },
    });
  }

  submit(
    principal: Principal,
    key: string,
    listId: string,
    itemKey: string,
    body: SubmissionBody,
  ): Promise<RectificationItemResult> {
    const input = rectificationSubmissionSchema.parse({ ...body, actorId: principal.personId });
    return this.itemUpdate(principal, key, listId, itemKey, RECTIFICATION_ROUTES.submission, body, {
      update: submitRectification,
      arg: input,
      cited: { field: 'evidence', refs: input.evidence },
    });
  }

  /** The re-check's answer; the list workflow checks that the caller holds the task (DOMAIN §6: never a responsible person). */
  async recheck(principal: Principal, key: string, listId: string, body: RectificationRecheckBody) {
    await this.access.requireList(principal, 'act', listId);
    const { response } = await this.idempotency.update({
      principalId: principal.personId,
      key,
      route: RECTIFICATION_ROUTES.recheck,
      body: { listId, ...body },
      caseId: listId,
      workflowId: listId,
      update: decideRectificationRecheck,
      arg: { ...body, actorId: principal.personId },
    });
    return response;
  }

  /** Overdue items (paged), reopened items and completion by unit, within the caller's jurisdictions. */
  async supervision(principal: Principal, query: RectificationSupervisionQuery): Promise<RectificationSupervisionView> {
    const view = await withCursor(query.cursor, () =>
      this.queries.supervisionRectification({
        jurisdictionIds: principal.jurisdictionIds,
        viewerId: principal.personId,
        unitId: query.unit,
        cursor: query.cursor,
        limit: query.limit,
      }),
    );
    return {
      overdue: view.overdue.items.map(toSupervisionRow),
      ...(view.overdue.nextCursor ? { nextCursor: view.overdue.nextCursor } : {}),
      reopened: view.reopened.map(toSupervisionRow),
      completionByUnit: view.completionByUnit,
    };
  }

  /** Every overdue item matching the filter, walked page by page like the JSON list. */
  exportOverdue(
    principal: Principal,
    query: RectificationSupervisionExportQuery,
  ): Promise<Export<RectificationSupervisionItem>> {
    return collect(async (cursor) => {
      const page = await this.supervision(principal, { ...query, limit: EXPORT_PAGE, cursor });
      return { items: page.overdue, nextCursor: page.nextCursor };
    });
  }

  /**
   * The responsible person's Updates on one item: the list must be visible to the caller and know the
   * item, and what the Update cites must be in the case file; the workflow decides whether this person
   * may report (NOT_ASSIGNEE otherwise).
   */
  private async itemUpdate<Arg>(
    principal: Principal,
    key: string,
    listId: string,
    itemKey: string,
    route: string,
    body: object,
    send: {
      update: UpdateDefinition<RectificationItemResult, [Arg]>;
      arg: Arg;
      cited: { field: string; refs: readonly CitedEvidence[] };
    },
  ): Promise<RectificationItemResult> {
    const list = await this.access.requireList(principal, 'act', listId);
    if (!list.items.some((i) => i.itemKey === itemKey)) {
      throw new ProblemException(ProblemCode.RectificationItemNotFound, `no item ${itemKey} in ${listId}`);
    }
    if (list.sourceCaseId) await this.requireInCaseFile(list.sourceCaseId, send.cited);
    const { response } = await this.idempotency.update({
      principalId: principal.personId,
      key,
      route,
      body: { listId, itemKey, ...body },
      caseId: listId,
      workflowId: rectificationItemWorkflowId(listId, itemKey),
      update: send.update,
      arg: send.arg,
      // The list knows the item before its workflow has started (children start in batches).
      whenMissing: () => new ProblemException(ProblemCode.WrongStage, `item ${itemKey} is not open yet; retry shortly`),
    });
    return response;
  }

  /**
   * A list that rectifies a case's findings cites that case's file: each reference must be one of its
   * attachments, with the stored checksum (issue 13), checked before the Update so a refusal changes nothing.
   * An inspection's list has no case file to check against; its references stay the caller's.
   */
  private async requireInCaseFile(caseId: string, cited: { field: string; refs: readonly CitedEvidence[] }) {
    if (cited.refs.length === 0) return;
    const caseFile = await this.attachments.checksumsInCase(
      caseId,
      cited.refs.map((r) => r.id),
    );
    const problems = citedEvidenceProblems(cited.refs, caseFile);
    if (problems.length === 0) return;
    throw new ProblemException(
      ProblemCode.EvidenceNotInCaseFile,
      `${problems.length} cited reference(s) do not match the file of case ${caseId}; nothing was recorded`,
      { errors: problems.map((p) => ({ path: `${cited.field}.${p.index}`, message: `${p.reason}: ${p.message}` })) },
    );
  }

  /** Unit and person ids of the org model, or none while it is empty (ids are then checked for shape only). */
  private async orgReference(): Promise<ImportReferenceData | undefined> {
    if (await this.org.isEmpty()) return undefined;
    const snapshot = await this.org.loadSnapshot(shanghaiLocalDate(Date.now()));
    return { unitIds: snapshot.units.map((u) => u.id), personIds: snapshot.persons.map((p) => p.id) };
  }
}
