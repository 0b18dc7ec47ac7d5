import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@shuangcha/config';
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
  PARTICIPANT_FIELD_OF_ROLE,
  participantProblems,
  participantsFromProposal,
  proposeParticipants,
  type PostBasis,
} from '@shuangcha/domain/case';
import type { OrgSnapshot } from '@shuangcha/domain/org';
import { OrgRepository, registrationByRequest } from '@shuangcha/persistence';
import type { Principal } from '../auth/principal';
import { IdempotencyService, type IdempotentResult } from '../idempotency/idempotency.service';
import { abilityFor, canOn } from '../policy/case-policy';
import { ProblemException } from '../problem/problem.exception';
import { CaseStarts, type CheckedDraft } from './case-starts';

const invalid = (detail: string, errors: { path: string; message: string }[]) =>
  new ProblemException(ProblemCode.ParticipantsInvalid, detail, { errors });

/**
 * Opening a case (issue 10 items 2–4): participants proposed from or checked against the org model on the
 * opening date, and the case number allocated by the server per jurisdiction and year (`CaseStarts`).
 */
@Injectable()
export class CaseOpeningService {
  private readonly logger = new Logger(CaseOpeningService.name);
  /**
   * Whether the org model held anyone when last read. While it did not, dev-mode opens with participants
   * skip reading it (nothing to check against); their number's claim fails if a model was loaded since.
   */
  private orgModelLoaded = true;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(OrgRepository) private readonly org: OrgRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
    @Inject(CaseStarts) private readonly starts: CaseStarts,
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
        // Twice at most: a claim that finds the org model loaded since it was seen empty checks again.
        for (let attempt = 1; ; attempt++) {
          const on = shanghaiLocalDate(Date.now());
          let checked: CheckedDraft;
          try {
            checked = await this.checkedDraft(principal, key, body, policyVersion, on);
          } catch (error) {
            // A retry whose first attempt registered its case gets that case, even if the org model changed since.
            const earlier =
              error instanceof ProblemException
                ? await registrationByRequest(this.dataSource.manager, principal.personId, key)
                : null;
            if (!earlier) throw error;
            return this.starts.recoverRetry(earlier, key, bodyHash);
          }
          const opened = await this.starts.register(checked, body.caseNo, Number(on.slice(0, 4)), bodyHash);
          if (opened !== 'orgModelLoaded') return opened;
          this.orgModelLoaded = true;
          if (attempt >= 2) throw new Error('the org model was loaded and emptied again while a case opened');
        }
      },
    );
  }

  /** The case as it will start, its participants checked against the org model (or knowingly unchecked). */
  private async checkedDraft(
    principal: Principal,
    key: string,
    body: CreateCaseBody,
    policyVersion: string,
    on: string,
  ): Promise<CheckedDraft> {
    const { participants, committeeCadre, unchecked } = await this.participantsFor(body, on, principal.personId);
    const subjectManagedBySameLevelCommittee =
      body.subjectManagedBySameLevelCommittee || (committeeCadre?.subjectManagedBySameLevelCommittee ?? false);
    // DOMAIN §2: filing against a cadre of the same-level committee goes to that committee's principal leader.
    if (subjectManagedBySameLevelCommittee && !participants.partyCommitteePrincipalLeaderId) {
      const path = 'participants.partyCommitteePrincipalLeaderId';
      const why = committeeCadre?.unfilledReason ? ` (${committeeCadre.unfilledReason})` : '';
      const message = `the subject is a cadre of the same-level committee: name its principal leader (党委书记)${why}`;
      throw invalid(message, [{ path, message }]);
    }
    const { caseOfficerId: _chosen, caseNo: _number, ...rest } = body;
    return {
      draft: {
        ...rest,
        subjectManagedBySameLevelCommittee,
        participants,
        policyVersion,
        openedBy: principal.personId,
        requestKey: key,
      },
      participantsUnchecked: unchecked,
    };
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
   * condition under which roles come from token claims. The model is not read for that case while it was
   * last seen empty: the claim of the case number holds only if it still is (`claimCaseNumber`).
   */
  private async participantsFor(
    body: CreateCaseBody,
    on: string,
    openerId: string,
  ): Promise<{ participants: CaseParticipantIds; committeeCadre?: CommitteeCadreProposal; unchecked: boolean }> {
    if (body.participants && body.caseOfficerId !== undefined) {
      throw invalid('choose the investigator inside participants, or send no participants', [
        { path: 'caseOfficerId', message: 'only without participants; use participants.caseOfficerId' },
      ]);
    }
    const uncheckable = this.config.AUTH_MODE === 'dev' ? body.participants : undefined;
    if (uncheckable && !this.orgModelLoaded) return { participants: uncheckable, unchecked: true };
    const snapshot = await this.org.loadSnapshot(on);
    const wasLoaded = this.orgModelLoaded;
    this.orgModelLoaded = snapshot.persons.length > 0;
    if (!this.orgModelLoaded) {
      // Once each time the model is found empty, not per case: a line per open slowed the gateway measurably
      // when its log is piped (issue 17 starts), and it named nothing a case needs.
      if (uncheckable && wasLoaded) this.logger.warn('the org model is empty: participants of new cases go unchecked');
      if (uncheckable) return { participants: uncheckable, unchecked: true };
      throw invalid('the org model is empty: participants can be neither proposed nor checked', [
        { path: 'participants', message: 'no org model is loaded (PUT /org)' },
      ]);
    }
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
    return { participants, committeeCadre, unchecked: false };
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
}
