import { patched, setHandler } from '@temporalio/workflow';
import {
  CaseFailure,
  declareConflict,
  derivedConflicts,
  type CaseState,
  type ConflictEntry,
} from '@shuangcha/contracts';
import type { AuditTrail } from './audit-trail';
import type { CaseRecusals } from './case-recusals';
import { recordThenApply } from './record-first';
import { iso, reject, rejectUnsafeText } from './task-plumbing';
import type { VirtualClock } from './virtual-clock';

/** A declared or requested recusal is decided by the case's leadership before it takes effect (DOMAIN §5). */
const RECUSAL_REQUESTS_PATCH = 'case-recusal-decided-by-leadership';

/**
 * A recusal or a new candidate cuts the person's access at once (DOMAIN §5), and lists read the read model:
 * the case row is projected on every change of the conflict registry, not at the next stage change.
 */
const PROJECT_CONFLICTS_PATCH = 'case-projects-conflicts';

export interface CaseConflictsContext {
  state: CaseState;
  clock: VirtualClock;
  trail: AuditTrail;
  recusals: CaseRecusals;
  /** Case management and leadership as the participants now stand: they declare conflicts for others. */
  supervisors: () => string[];
  /** Tells the running children the conflict registry changed. */
  broadcast: () => Promise<void>;
  changed: () => void;
}

/**
 * The case's conflict registry (回避, DOMAIN §5): a person's own declaration or a supervisor's request for
 * someone else, and the trace-back's candidates, who are conflicted across the family of workflows.
 */
export function registerCaseConflicts(ctx: CaseConflictsContext): void {
  const { state, clock, trail, recusals } = ctx;
  setHandler(
    declareConflict,
    async (declaration) => {
      if (patched(RECUSAL_REQUESTS_PATCH)) return recusals.request(declaration);
      // Before the patch a declaration took effect at once, and before its audit entry was stored.
      const entry: ConflictEntry = {
        personId: declaration.personId,
        ground: declaration.ground,
        source: declaration.actorId === declaration.personId ? 'declared' : 'requested',
        declaredBy: declaration.actorId,
        at: iso(clock.now()),
      };
      state.conflicts.push(entry);
      await trail.append('CONFLICT_DECLARED', declaration.actorId, {
        personId: declaration.personId,
        ground: declaration.ground,
        reason: declaration.reason,
      });
      await ctx.broadcast();
      if (patched(PROJECT_CONFLICTS_PATCH)) ctx.changed();
      return { conflicts: state.conflicts.length };
    },
    {
      validator: (declaration) => {
        rejectUnsafeText(declaration);
        if (state.status !== 'OPEN') reject(CaseFailure.WrongStage, 'the case is closed');
        if (state.conflicts.some((c) => c.personId === declaration.personId))
          reject(CaseFailure.DuplicateDecision, `${declaration.personId} is already recused`);
        recusals.validateRequest(declaration);
        const self = declaration.actorId === declaration.personId;
        if (!self && !ctx.supervisors().includes(declaration.actorId)) {
          reject(
            CaseFailure.RoleNotAllowed,
            'staff declare conflicts for others through case management or leadership',
          );
        }
      },
    },
  );
  setHandler(derivedConflicts, async ({ personIds }) => {
    // The trace-back's candidates are conflicted across the family (DOMAIN §5 ground 4); its list replaces the last one.
    await recordThenApply(
      () => trail.append('DERIVED_CONFLICTS_UPDATED', null, { personIds }),
      () => {
        const kept = state.conflicts.filter((c) => c.ground !== 'CANDIDATE');
        const added = personIds.filter((id) => !kept.some((c) => c.personId === id && c.ground === 'CANDIDATE'));
        state.conflicts = [
          ...kept,
          ...added.map((personId): ConflictEntry => ({
            personId,
            ground: 'CANDIDATE',
            source: 'derived',
            declaredBy: null,
            at: iso(clock.now()),
          })),
        ];
      },
    );
    await ctx.broadcast();
    if (patched(PROJECT_CONFLICTS_PATCH)) ctx.changed();
  });
}
