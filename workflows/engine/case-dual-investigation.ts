import { patched, setHandler } from '@temporalio/workflow';
import { CaseFailure, decideDualInvestigation, type CaseState, type Participants } from '@shuangcha/contracts';
import { dualInvestigationClosedReason } from '@shuangcha/domain/case';
import type { AuditTrail } from './audit-trail';
import { recordThenApply } from './record-first';
import { iso, reject, rejectUnsafeText } from './task-plumbing';
import type { TraceBackOpening } from './trace-back-opening';
import type { VirtualClock } from './virtual-clock';

/** Opening a trace-back needs the principal leader (AR art. 9), for a TRIGGER and for an accountability-only case. */
export const TRACE_BACK_OPENING_PATCH = 'trace-back-opening-approved';

export interface DualInvestigationContext {
  state: CaseState;
  suggested: boolean;
  clock: VirtualClock;
  trail: AuditTrail;
  opening: TraceBackOpening;
  participants: () => Participants;
  changed: () => void;
}

/** 一案双查: the leader in charge (or principal leader) triggers or declines the trace-back, with a reason (DOMAIN §3). */
export function registerDualInvestigation(ctx: DualInvestigationContext): void {
  const { state } = ctx;
  let recording = false;
  setHandler(
    decideDualInvestigation,
    async (decision) => {
      recording = true;
      try {
        if (patched(TRACE_BACK_OPENING_PATCH)) return await ctx.opening.decide(decision);
        await recordThenApply(
          () =>
            ctx.trail.append(`DUAL_INVESTIGATION_${decision.decision}`, decision.actorId, {
              reason: decision.reason,
              suggested: ctx.suggested,
            }),
          () => {
            state.dualInvestigation = {
              ...state.dualInvestigation,
              decision: decision.decision,
              decidedBy: decision.actorId,
              reason: decision.reason,
            };
            state.timeline.push({
              at: iso(ctx.clock.now()),
              stage: 'dualInvestigation',
              action: decision.decision,
              actorId: decision.actorId,
              comment: decision.reason,
            });
          },
        );
      } finally {
        recording = false;
      }
      ctx.changed();
      return { decision: decision.decision };
    },
    {
      validator: (decision) => {
        rejectUnsafeText(decision);
        const closed = dualInvestigationClosedReason(state.status, state.stage);
        if (closed) reject(CaseFailure.WrongStage, closed);
        if (state.dualInvestigation.decision === 'TRIGGER')
          reject(CaseFailure.DuplicateDecision, 'the accountability investigation is already running');
        if (recording)
          reject(CaseFailure.DuplicateDecision, 'a decision on one case, two investigations is being recorded');
        ctx.opening.validateTrigger();
        if (state.conflicts.some((c) => c.personId === decision.actorId))
          reject(CaseFailure.RecusedApprover, `${decision.actorId} is recused from this case`);
        const participants = ctx.participants();
        if (decision.actorId !== participants.leaderInChargeId && decision.actorId !== participants.principalLeaderId) {
          reject(
            CaseFailure.RoleNotAllowed,
            'only the leader in charge or the principal leader decides on one case, two investigations',
          );
        }
      },
    },
  );
}
