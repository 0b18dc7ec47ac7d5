import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@shuangcha/config';
import { caseStartSchema, type CaseStartInput } from '@shuangcha/contracts';
import {
  ProblemCode,
  type CaseCreated,
  type CreateCaseBody,
  type ParticipantProposalQuery,
  type ParticipantProposalView,
} from '@shuangcha/contracts/http';
import { shanghaiLocalDate } from '@shuangcha/domain/calendar';
import { dateOfRecordProblem } from '@shuangcha/domain/case';
import {
  type CaseParticipantIds,
  type CommitteeCadreProposal,
  documentNoOf,
  formatCaseNo,
  PARTICIPANT_FIELD_OF_ROLE,
  participantProblems,
  participantsFromProposal,
  proposeParticipants,
  type PostBasis,
} from '@shuangcha/domain/case';
import type { OrgSnapshot } from '@shuangcha/domain/org';
import {
  nextCaseSeq,
  OrgRepository,
  registerCase,
  registrationByNumber,
  registrationByRequest,
} from '@shuangcha/persistence';
import type { Principal } from '../auth/principal';
import { IdempotencyService, reused, type IdempotentResult } from '../idempotency/idempotency.service';
import { abilityFor, canOn } from '../policy/case-policy';
import { ProblemException } from '../problem/problem.exception';
import { CASE_WORKFLOW_TYPE } from '../temporal/temporal.module';

/** Numbers skipped because a case already holds them (a paper case registered by hand, an orphaned start). */
const MAX_TAKEN_NUMBERS_SKIPPED = 50;

/** `case-${jurisdictionId}-${caseNo}`: numbers count per jurisdiction, so the id carries both. */
const caseWorkflowId = (jurisdictionId: string, caseNo: string) => `case-${jurisdictionId}-${caseNo}`;

const invalid = (detail: string, errors: { path: string; message: string }[]) =>
  new ProblemException(ProblemCode.ParticipantsInvalid, detail, { errors });

/**
 * Opening a case (issue 10 items 2–4): participants proposed from or checked against the org model on the
 * opening date, and the case number allocated by the server per jurisdiction and year.
 *
 * Numbers: the counter row is advanced and the workflow started inside one transaction, so concurrent opens
 * in a jurisdiction queue on the row and a start that fails rolls its number back: no number is burnt. If
 * the commit itself fails after Temporal accepted the start, that case holds the number without a
 * registration; the next open finds its workflow (id conflict), registers it and moves on, so the count
 * still has neither gaps nor duplicates.
 */
@Injectable()
export class CaseOpeningService {
  private readonly logger = new Logger(CaseOpeningService.name);

  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(OrgRepository) private readonly org: OrgRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
  ) {}

  async proposal(principal: Principal, query: ParticipantProposalQuery): Promise<ParticipantProposalView> {
    this.requireCreate(principal, query.jurisdictionId);
    const on = query.on ?? shanghaiLocalDate(Date.now());
    const snapshot = await this.org.loadSnapshot(on);
    const proposal = proposeParticipants(snapshot, {
      unitId: query.unitId,
      jurisdictionId: query.jurisdictionId,
      on,
      openerId: principal.personId,
      subjectIds: query.subjectIds?.split(',') ?? [],
    });
    const named = (basis: PostBasis) => ({
      ...basis,
      displayName: snapshot.persons.find((p) => p.id === basis.personId)?.displayName ?? null,
    });
    const { commissionBodyId, higherCommissionBodyId, committeeCadre, ...rest } = proposal;
    return {
      ...rest,
      ...(commissionBodyId === null ? {} : { commissionBodyId }),
      ...(higherCommissionBodyId === null ? {} : { higherCommissionBodyId }),
      roles: proposal.roles.map((r) => ({ ...r, persons: r.persons.map(named) })),
      investigatorCandidates: proposal.investigatorCandidates.map(named),
      committeeCadre: {
        ...committeeCadre,
        partyCommitteePrincipalLeader:
          committeeCadre.partyCommitteePrincipalLeader && named(committeeCadre.partyCommitteePrincipalLeader),
      },
    };
  }

  async open(principal: Principal, key: string, body: CreateCaseBody): Promise<IdempotentResult<CaseCreated>> {
    this.requireCreate(principal, body.jurisdictionId);
    const policyVersion = body.policyVersion ?? this.config.DEFAULT_POLICY_VERSION;
    if (!this.config.ALLOWED_POLICY_VERSIONS.includes(policyVersion)) {
      throw new ProblemException(
        ProblemCode.PolicyNotAllowed,
        `policy ${policyVersion} is not allowed here; allowed: ${this.config.ALLOWED_POLICY_VERSIONS.join(', ')}`,
      );
    }
    // A case starts on case time = now, so "not in the future" is the same check the workflow would make.
    const receivedProblem =
      body.leadReceivedOn === undefined
        ? null
        : dateOfRecordProblem(body.leadReceivedOn, { nowMs: Date.now(), previousOn: null });
    if (receivedProblem) {
      throw new ProblemException(ProblemCode.DateOfRecordInvalid, `leadReceivedOn: ${receivedProblem}`);
    }
    return this.idempotency.run(
      { principalId: principal.personId, key, route: 'POST /cases', body },
      async ({ bodyHash }) => {
        const earlier = await registrationByRequest(this.dataSource.manager, principal.personId, key);
        if (earlier) {
          const documentNo = earlier.documentNo ?? this.documentNo(earlier.jurisdictionId, earlier.caseNo);
          return this.recoverRetry(earlier.caseId, earlier.caseNo, documentNo, key, bodyHash);
        }
        const on = shanghaiLocalDate(Date.now());
        const { participants, committeeCadre } = await this.participantsFor(body, on, principal.personId);
        const subjectManagedBySameLevelCommittee =
          body.subjectManagedBySameLevelCommittee || (committeeCadre?.subjectManagedBySameLevelCommittee ?? false);
        // DOMAIN §2: filing against a cadre of the same-level committee goes to that committee's principal leader.
        if (subjectManagedBySameLevelCommittee && !participants.partyCommitteePrincipalLeaderId) {
          const path = 'participants.partyCommitteePrincipalLeaderId';
          const why = committeeCadre?.unfilledReason ? ` (${committeeCadre.unfilledReason})` : '';
          const message = `the subject is a cadre of the same-level committee: name its principal leader (党委书记)${why}`;
          throw invalid(message, [{ path, message }]);
        }
        const { caseOfficerId: _chosen, ...rest } = body;
        const draft = {
          ...rest,
          subjectManagedBySameLevelCommittee,
          participants,
          policyVersion,
          openedBy: principal.personId,
          requestKey: key,
        };
        return this.dataSource.transaction((manager) =>
          body.caseNo === undefined
            ? this.startAllocated(manager, draft, Number(on.slice(0, 4)), bodyHash)
            : this.startRegistered(manager, { ...draft, caseNo: body.caseNo }, bodyHash),
        );
      },
    );
  }

  private documentNo(jurisdictionId: string, caseNo: string): string {
    return documentNoOf(this.config.CASE_DOCUMENT_NO_TEMPLATES, jurisdictionId, caseNo) ?? caseNo;
  }

  private requireCreate(principal: Principal, jurisdictionId: string): void {
    const target = { caseId: '', jurisdictionId, participantIds: [], targetIds: [], recusedIds: [] };
    if (!canOn(abilityFor(principal), 'create', target)) {
      throw new ProblemException(
        ProblemCode.Forbidden,
        `${principal.personId} may not open cases in ${jurisdictionId}`,
      );
    }
  }

  /**
   * The body's participants or the proposal's, checked against the org model on the opening date. With the
   * dev issuer and an empty org model (tests, a fresh checkout) there is nothing to check against, the same
   * condition under which roles come from token claims.
   */
  private async participantsFor(
    body: CreateCaseBody,
    on: string,
    openerId: string,
  ): Promise<{ participants: CaseParticipantIds; committeeCadre?: CommitteeCadreProposal }> {
    if (body.participants && body.caseOfficerId !== undefined) {
      throw invalid('choose the investigator inside participants, or send no participants', [
        { path: 'caseOfficerId', message: 'only without participants; use participants.caseOfficerId' },
      ]);
    }
    if (await this.org.isEmpty()) {
      if (body.participants && this.config.AUTH_MODE === 'dev') {
        this.logger.warn({ jurisdictionId: body.jurisdictionId }, 'the org model is empty: participants unchecked');
        return { participants: body.participants };
      }
      throw invalid('the org model is empty: participants can be neither proposed nor checked', [
        { path: 'participants', message: 'no org model is loaded (PUT /org)' },
      ]);
    }
    const snapshot = await this.org.loadSnapshot(on);
    const { participants, committeeCadre } = body.participants
      ? { participants: body.participants, committeeCadre: undefined }
      : this.proposed(snapshot, body, on, openerId);
    const problems = participantProblems(snapshot, {
      unitId: body.unitId,
      jurisdictionId: body.jurisdictionId,
      on,
      subjectIds: body.subjectIds,
      participants,
    });
    if (problems.length > 0) {
      throw invalid(
        `${problems.length} problem(s) with the people of the case on ${on}; nothing was started`,
        problems,
      );
    }
    return { participants, committeeCadre };
  }

  /** The org model's participants, and whether the subjects are cadres of the same-level committee (DOMAIN §2). */
  private proposed(
    snapshot: OrgSnapshot,
    body: CreateCaseBody,
    on: string,
    openerId: string,
  ): { participants: CaseParticipantIds; committeeCadre: CommitteeCadreProposal } {
    const proposal = proposeParticipants(snapshot, {
      unitId: body.unitId,
      jurisdictionId: body.jurisdictionId,
      on,
      openerId,
      subjectIds: body.subjectIds,
    });
    const built = participantsFromProposal(proposal, body.caseOfficerId);
    if ('participants' in built) return { participants: built.participants, committeeCadre: proposal.committeeCadre };
    throw invalid(
      `${built.gaps.length} role(s) of the case cannot be filled from the org model on ${on}; nothing was started`,
      built.gaps.map((gap) => {
        const candidates = proposal.roles.find((r) => r.role === gap.role)?.persons.map((p) => p.personId) ?? [];
        return {
          path: gap.role === 'caseOfficer' ? 'caseOfficerId' : `participants.${PARTICIPANT_FIELD_OF_ROLE[gap.role]}`,
          message: candidates.length > 0 ? `${gap.reason}: ${candidates.join(', ')}` : gap.reason,
        };
      }),
    );
  }

  /** The next free number of the jurisdiction's count; a number some case already holds is skipped. */
  private async startAllocated(
    manager: EntityManager,
    draft: Omit<CaseStartInput, 'caseNo'>,
    year: number,
    bodyHash: string,
  ): Promise<CaseCreated> {
    for (let skipped = 0; skipped <= MAX_TAKEN_NUMBERS_SKIPPED; skipped++) {
      const caseNo = formatCaseNo(year, await nextCaseSeq(manager, draft.jurisdictionId, year));
      if (await registrationByNumber(manager, draft.jurisdictionId, caseNo)) continue;
      const started = await this.start(manager, { ...draft, caseNo }, bodyHash, true);
      if (started) return started;
    }
    throw new Error(`more than ${MAX_TAKEN_NUMBERS_SKIPPED} taken numbers in a row in ${draft.jurisdictionId}`);
  }

  /** A paper case under its own number: unique within its jurisdiction, whatever other commissions use. */
  private async startRegistered(manager: EntityManager, draft: CaseStartInput, bodyHash: string): Promise<CaseCreated> {
    const taken = await registrationByNumber(manager, draft.jurisdictionId, draft.caseNo);
    if (taken && (taken.openedBy !== draft.openedBy || taken.requestKey !== draft.requestKey)) {
      throw new ProblemException(
        ProblemCode.CaseAlreadyFiled,
        `case number ${draft.caseNo} is already filed in ${draft.jurisdictionId}`,
      );
    }
    const started = await this.start(manager, draft, bodyHash, false);
    if (!started) {
      throw new ProblemException(
        ProblemCode.CaseAlreadyFiled,
        `case number ${draft.caseNo} is already filed in ${draft.jurisdictionId}`,
      );
    }
    return started;
  }

  /**
   * Starts the workflow and registers its number in the caller's transaction. `null` when another request's
   * case already runs under this id: an allocated number is then registered to that case and given up.
   */
  private async start(
    manager: EntityManager,
    draft: CaseStartInput,
    bodyHash: string,
    allocated: boolean,
  ): Promise<CaseCreated | null> {
    const input = caseStartSchema.parse(draft);
    const workflowId = caseWorkflowId(input.jurisdictionId, input.caseNo);
    const documentNo = this.documentNo(input.jurisdictionId, input.caseNo);
    const registration = {
      caseId: workflowId,
      jurisdictionId: input.jurisdictionId,
      caseNo: input.caseNo,
      documentNo,
      allocated,
      openedBy: input.openedBy,
      requestKey: input.requestKey,
    };
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
      await registerCase(manager, registration);
      return {
        caseId: workflowId,
        caseNo: input.caseNo,
        documentNo,
        workflowId,
        runId: handle.firstExecutionRunId,
        status: 'OPEN',
      };
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      const memo = (await this.client.workflow.getHandle(workflowId).describe()).memo ?? {};
      if (memo.requestKey === input.requestKey && memo.openedBy === input.openedBy) {
        await registerCase(manager, registration);
        return this.recoverRetry(workflowId, input.caseNo, documentNo, input.requestKey, bodyHash);
      }
      if (!allocated) return null;
      this.logger.warn({ workflowId }, 'an earlier start holds this number without a registration; registering it');
      await registerCase(manager, {
        ...registration,
        openedBy: typeof memo.openedBy === 'string' ? memo.openedBy : 'unknown',
        requestKey: typeof memo.requestKey === 'string' ? memo.requestKey : `orphan:${workflowId}`,
      });
      return null;
    }
  }

  /** A retry whose first attempt started the workflow: the same case, if the key and body match. */
  private async recoverRetry(
    workflowId: string,
    caseNo: string,
    documentNo: string,
    key: string,
    bodyHash: string,
  ): Promise<CaseCreated> {
    const description = await this.client.workflow.getHandle(workflowId).describe();
    const memo = description.memo ?? {};
    if (memo.requestKey !== key) {
      throw new ProblemException(ProblemCode.CaseAlreadyFiled, `case number ${caseNo} is already filed`);
    }
    if (memo.bodyHash !== bodyHash) throw reused(key);
    return { caseId: workflowId, caseNo, documentNo, workflowId, runId: description.runId, status: 'OPEN' };
  }
}
