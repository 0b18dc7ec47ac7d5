import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@shuangcha/config';
import { caseStartSchema, type CaseStartInput } from '@shuangcha/contracts';
import { ProblemCode, type CaseCreated } from '@shuangcha/contracts/http';
import { documentNoOf, formatCaseNo } from '@shuangcha/domain/case';
import {
  type CaseRegistration,
  claimCaseNumber,
  nextCaseSeq,
  registerCase,
  registrationsHolding,
} from '@shuangcha/persistence';
import { reused } from '../idempotency/idempotency.service';
import { ProblemException } from '../problem/problem.exception';
import { CASE_WORKFLOW_TYPE } from '../temporal/temporal.module';

/** Numbers skipped because a case already holds them (a paper case registered by hand, an orphaned start). */
const MAX_TAKEN_NUMBERS_SKIPPED = 50;

/** `case-${jurisdictionId}-${caseNo}`: numbers count per jurisdiction, so the id carries both. */
const caseWorkflowId = (jurisdictionId: string, caseNo: string) => `case-${jurisdictionId}-${caseNo}`;

/** A case ready to start but for its number, and whether its participants went unchecked on an empty org model. */
export interface CheckedDraft {
  draft: Omit<CaseStartInput, 'caseNo'>;
  participantsUnchecked: boolean;
}

/**
 * How one registering transaction ended. Only `created` commits; the others roll back (the counter too, so
 * no number is burnt) and `register` goes on from there.
 */
type Registering =
  | { created: CaseCreated }
  /** This request registered a case before (its stored answer was lost): that case answers it. */
  | { earlier: CaseRegistration }
  /** A workflow holds the number without a registration (its open's commit failed): register it, move on. */
  | { orphan: CaseRegistration }
  | { orgModelLoaded: true };

const filed = (jurisdictionId: string, caseNo: string) =>
  new ProblemException(ProblemCode.CaseAlreadyFiled, `case number ${caseNo} is already filed in ${jurisdictionId}`);

/**
 * Registering a case's number and starting its workflow (issue 10 item 4, issue 17 starts).
 *
 * The registration is claimed first, in one statement, and the workflow started inside the same
 * transaction: a concurrent open of the number (or of the same request) waits on the claim, and a start
 * that fails rolls it back, so no number is burnt. The claim also finds an earlier registration of the same
 * request, so the happy path reads nothing before it writes. If the commit itself fails after Temporal
 * accepted the start, that case holds the number without a registration; the next open of the number finds
 * its workflow (id conflict), registers it and moves on, so the count has neither gaps nor duplicates.
 */
@Injectable()
export class CaseStarts {
  private readonly logger = new Logger(CaseStarts.name);

  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The started case, under the body's paper number or the jurisdiction's next free one. */
  async register(
    checked: CheckedDraft,
    paperCaseNo: string | undefined,
    year: number,
    bodyHash: string,
  ): Promise<CaseCreated | 'orgModelLoaded'> {
    for (let orphans = 0; orphans <= MAX_TAKEN_NUMBERS_SKIPPED; orphans++) {
      const outcome = await this.registering((manager) =>
        paperCaseNo === undefined
          ? this.startAllocated(manager, checked, year, bodyHash)
          : this.startRegistered(manager, checked, paperCaseNo, bodyHash),
      );
      if ('created' in outcome) return outcome.created;
      if ('orgModelLoaded' in outcome) return 'orgModelLoaded';
      if ('earlier' in outcome) return this.recoverRetry(outcome.earlier, checked.draft.requestKey, bodyHash);
      this.logger.warn({ workflowId: outcome.orphan.caseId }, 'an earlier start holds this number; registering it');
      await registerCase(this.dataSource.manager, outcome.orphan);
    }
    throw new Error(
      `more than ${MAX_TAKEN_NUMBERS_SKIPPED} orphaned starts in a row in ${checked.draft.jurisdictionId}`,
    );
  }

  /** A retry whose first attempt started the workflow: the same case, if the key and body match. */
  async recoverRetry(registration: CaseRegistration, key: string, bodyHash: string): Promise<CaseCreated> {
    const description = await this.client.workflow.getHandle(registration.caseId).describe();
    return this.answerRetry(registration, description.memo ?? {}, description.runId, key, bodyHash);
  }

  private answerRetry(
    registration: CaseRegistration,
    memo: Record<string, unknown>,
    runId: string,
    key: string,
    bodyHash: string,
  ): CaseCreated {
    const { caseId, caseNo, jurisdictionId } = registration;
    if (memo.requestKey !== key) throw filed(jurisdictionId, caseNo);
    if (memo.bodyHash !== bodyHash) throw reused(key);
    const documentNo = registration.documentNo ?? this.documentNo(jurisdictionId, caseNo);
    return { caseId, caseNo, documentNo, workflowId: caseId, runId, status: 'OPEN' };
  }

  private async registering(work: (manager: EntityManager) => Promise<Registering>): Promise<Registering> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const outcome = await work(runner.manager);
      if ('created' in outcome) await runner.commitTransaction();
      else await runner.rollbackTransaction();
      return outcome;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** The next free number of the jurisdiction's count; a number some case already holds is skipped. */
  private async startAllocated(
    manager: EntityManager,
    checked: CheckedDraft,
    year: number,
    bodyHash: string,
  ): Promise<Registering> {
    const { jurisdictionId } = checked.draft;
    for (let skipped = 0; skipped <= MAX_TAKEN_NUMBERS_SKIPPED; skipped++) {
      const caseNo = formatCaseNo(year, await nextCaseSeq(manager, jurisdictionId, year));
      const outcome = await this.claimAndStart(manager, checked, caseNo, bodyHash, true);
      if (outcome) return outcome;
    }
    throw new Error(`more than ${MAX_TAKEN_NUMBERS_SKIPPED} taken numbers in a row in ${jurisdictionId}`);
  }

  /** A paper case under its own number: unique within its jurisdiction, whatever other commissions use. */
  private async startRegistered(
    manager: EntityManager,
    checked: CheckedDraft,
    caseNo: string,
    bodyHash: string,
  ): Promise<Registering> {
    const outcome = await this.claimAndStart(manager, checked, caseNo, bodyHash, false);
    if (!outcome) throw filed(checked.draft.jurisdictionId, caseNo);
    return outcome;
  }

  /**
   * Claims the number and starts the workflow in the caller's transaction. `null` when another request holds
   * the number, by its registration or, for a paper number, by a workflow of its own.
   */
  private async claimAndStart(
    manager: EntityManager,
    checked: CheckedDraft,
    caseNo: string,
    bodyHash: string,
    allocated: boolean,
  ): Promise<Registering | null> {
    const input = caseStartSchema.parse({ ...checked.draft, caseNo });
    const workflowId = caseWorkflowId(input.jurisdictionId, input.caseNo);
    const documentNo = this.documentNo(input.jurisdictionId, input.caseNo);
    const registration: CaseRegistration = {
      caseId: workflowId,
      jurisdictionId: input.jurisdictionId,
      caseNo: input.caseNo,
      documentNo,
      allocated,
      openedBy: input.openedBy,
      requestKey: input.requestKey,
    };
    const claim = await claimCaseNumber(manager, registration, { whileOrgModelEmpty: checked.participantsUnchecked });
    if (claim === 'orgModelLoaded') return { orgModelLoaded: true };
    if (claim === 'taken') {
      const { byRequest } = await registrationsHolding(manager, registration);
      return byRequest ? { earlier: byRequest } : null;
    }
    try {
      const handle = await this.client.workflow.start(CASE_WORKFLOW_TYPE, {
        workflowId,
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        args: [input],
        workflowIdConflictPolicy: 'FAIL',
        // A case number is never reused, not even after the case closed.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        memo: { requestKey: input.requestKey, bodyHash, openedBy: input.openedBy },
      });
      return {
        created: {
          caseId: workflowId,
          caseNo,
          documentNo,
          workflowId,
          runId: handle.firstExecutionRunId,
          status: 'OPEN',
        },
      };
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      const description = await this.client.workflow.getHandle(workflowId).describe();
      const memo = description.memo ?? {};
      // This request's own start, whose registration was rolled back: the claim just made registers it.
      if (memo.requestKey === input.requestKey && memo.openedBy === input.openedBy) {
        return { created: this.answerRetry(registration, memo, description.runId, input.requestKey, bodyHash) };
      }
      if (!allocated) return null;
      const openedBy = typeof memo.openedBy === 'string' ? memo.openedBy : 'unknown';
      const requestKey = typeof memo.requestKey === 'string' ? memo.requestKey : `orphan:${workflowId}`;
      return { orphan: { ...registration, openedBy, requestKey } };
    }
  }

  private documentNo(jurisdictionId: string, caseNo: string): string {
    return documentNoOf(this.config.CASE_DOCUMENT_NO_TEMPLATES, jurisdictionId, caseNo) ?? caseNo;
  }
}
