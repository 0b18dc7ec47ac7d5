import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@shuangcha/config';
import {
  getRectificationList,
  parseRectificationListRequest,
  progressReportSchema,
  rectificationItemWorkflowId,
  rectificationListWorkflowId,
  rectificationSubmissionSchema,
  reportRectificationProgress,
  submitRectification,
  type RectificationItemResult,
  type RectificationListView,
} from '@shuangcha/contracts';
import type { ImportReferenceData, ImportRowError } from '@shuangcha/domain/rectification';
import {
  RectificationQueries,
  type RectificationListSummary,
  type RectificationSupervisionFilter,
} from '@shuangcha/persistence';

/** Workflow type the gateway starts; the gateway may not import `workflows/` (STYLE §2), so by name. */
export const RECTIFICATION_LIST_WORKFLOW_TYPE = 'rectificationList';

/** A create/import body with bad rows: 422 with every row error (issue 6: report all, change nothing). */
export class RectificationListRejected extends Error {
  constructor(readonly errors: ImportRowError[]) {
    super(`the problem list has ${errors.length} error(s); nothing was created`);
    this.name = 'RectificationListRejected';
  }
}

/** The list number is taken by a different request (a different Idempotency-Key): 409. */
export class RectificationListConflict extends Error {
  constructor(readonly listId: string) {
    super(`problem list ${listId} already exists`);
    this.name = 'RectificationListConflict';
  }
}

export interface RectificationListCreated {
  listId: string;
  created: boolean;
}

/**
 * What the rectification endpoints call (controllers stay thin): create/import, the list with its
 * completion rate, progress and reporting done on an item, and the supervision view. Verification and
 * extensions go through the generic task endpoints (`submitDecision`, `requestExtension` on the task's
 * workflow id from case_tasks). Authorisation is the controller's (jurisdiction of `supervisingBodyId`).
 */
@Injectable()
export class RectificationService {
  private readonly queries: RectificationQueries;

  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(DataSource) dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.queries = new RectificationQueries(dataSource);
  }

  /**
   * Validates the whole body (every bad row reported) and starts `rectification-${listNo}` with conflict
   * policy FAIL. A repeat of the same Idempotency-Key returns the existing list; another key gets a conflict.
   */
  async create(
    openedBy: string,
    idempotencyKey: string,
    body: unknown,
    reference?: ImportReferenceData,
  ): Promise<RectificationListCreated> {
    const parsed = parseRectificationListRequest(
      { ...(typeof body === 'object' && body !== null ? body : {}), openedBy, requestKey: idempotencyKey },
      { nowMs: Date.now(), reference },
    );
    if (!parsed.ok) throw new RectificationListRejected(parsed.errors);
    const listId = rectificationListWorkflowId(parsed.input.listNo);
    try {
      await this.client.workflow.start(RECTIFICATION_LIST_WORKFLOW_TYPE, {
        workflowId: listId,
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        args: [parsed.input],
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        memo: { requestKey: idempotencyKey },
      });
      return { listId, created: true };
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      const existing = await this.client.workflow.getHandle(listId).describe();
      if (existing.memo?.requestKey === idempotencyKey) return { listId, created: false };
      throw new RectificationListConflict(listId);
    }
  }

  /** Live state from the workflow; the read model once the workflow is gone (retention). Null when unknown. */
  async get(listId: string): Promise<RectificationListView | RectificationListSummary | null> {
    try {
      return await this.client.workflow.getHandle(listId).query(getRectificationList);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      return this.queries.listSummary(listId);
    }
  }

  /** The Idempotency-Key becomes the update id, so Temporal deduplicates a retried request. */
  reportProgress(
    listId: string,
    itemKey: string,
    actorId: string,
    idempotencyKey: string,
    body: unknown,
  ): Promise<RectificationItemResult> {
    const input = progressReportSchema.parse({ ...(body as object), actorId });
    return this.client.workflow
      .getHandle(rectificationItemWorkflowId(listId, itemKey))
      .executeUpdate(reportRectificationProgress, { args: [input], updateId: idempotencyKey });
  }

  submit(
    listId: string,
    itemKey: string,
    actorId: string,
    idempotencyKey: string,
    body: unknown,
  ): Promise<RectificationItemResult> {
    const input = rectificationSubmissionSchema.parse({ ...(body as object), actorId });
    return this.client.workflow
      .getHandle(rectificationItemWorkflowId(listId, itemKey))
      .executeUpdate(submitRectification, { args: [input], updateId: idempotencyKey });
  }

  supervision(filter: RectificationSupervisionFilter) {
    return this.queries.supervisionRectification(filter);
  }
}
