import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { getCaseState, type CaseState } from '@shuangcha/contracts';
import { ProblemCode } from '@shuangcha/contracts/http';
import type { Principal } from '../auth/principal';
import { onCase, ProblemException } from '../problem/problem.exception';
import { abilityFor, canOn, caseView, type Action, type CaseResource } from './case-policy';

/** Conflict grounds that make a person a target of the case rather than a recused colleague. */
const TARGET_GROUNDS = new Set(['SUBJECT', 'CANDIDATE']);

export function resourceOf(state: CaseState): CaseResource {
  return {
    caseId: state.caseId,
    jurisdictionId: state.jurisdictionId,
    participantIds: state.participantIds,
    // Subject ids are not in the read model (only the workflow knows them), so need-to-know reads them live.
    targetIds: state.conflicts.filter((c) => TARGET_GROUNDS.has(c.ground)).map((c) => c.personId),
  };
}

/** Need-to-know checks on one case, against its live state. Refusals read as "not found" and are audited. */
@Injectable()
export class CaseAccessService {
  constructor(@Inject(Client) private readonly client: Client) {}

  liveState(caseId: string): Promise<CaseState> {
    return onCase(caseId, () => this.client.workflow.getHandle(caseId).query(getCaseState));
  }

  async view(principal: Principal, caseId: string): Promise<{ state: CaseState; view: 'full' | 'metadata' }> {
    const state = await this.liveState(caseId);
    const view = caseView(abilityFor(principal), resourceOf(state));
    if (!view) throw notVisible(ProblemCode.CaseNotFound, `no case ${caseId}`, caseId);
    return { state, view };
  }

  async require(
    principal: Principal,
    action: Action,
    caseId: string,
    notFound: ProblemCode.CaseNotFound | ProblemCode.TaskNotFound,
    what: string,
  ): Promise<CaseState> {
    const state = await this.liveState(caseId);
    if (!canOn(abilityFor(principal), action, resourceOf(state))) throw notVisible(notFound, `no ${what}`, caseId);
    return state;
  }
}

function notVisible(code: ProblemCode, detail: string, caseId: string): ProblemException {
  return new ProblemException(code, detail, { caseId, denied: true });
}
