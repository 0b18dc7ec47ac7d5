import type { ConflictEntry } from '@shuangcha/contracts';
import type { Principal } from '../auth/principal';
import type { CaseResource, RectificationListResource } from './case-policy';

/**
 * Why need-to-know refused a person (issue 16 item 10). The caller only ever sees "not found", whatever the
 * reason; the audit keeps the reason, so the commission can see who tried to reach what.
 * - SUBJECT / CANDIDATE: the case is about them (被问责人, trace-back candidate); TARGET when only the
 *   read model answered and the case's conflicts could not be read;
 * - RECUSED: they have a conflict of interest in the case (回避);
 * - OUTSIDE_JURISDICTION: neither a participant nor of a commission the case or list belongs to;
 * - NOT_PERMITTED: in reach, but their roles do not allow this action (e.g. a supervisor acting);
 * - UNKNOWN: no such problem list (a guessed id is worth recording too).
 */
export type RefusalReason =
  'SUBJECT' | 'CANDIDATE' | 'TARGET' | 'RECUSED' | 'OUTSIDE_JURISDICTION' | 'NOT_PERMITTED' | 'UNKNOWN';

export function caseRefusalReason(
  principal: Principal,
  resource: CaseResource,
  conflicts: readonly Pick<ConflictEntry, 'personId' | 'ground'>[] = [],
): RefusalReason {
  const me = principal.personId;
  if (resource.targetIds.includes(me)) {
    const grounds = conflicts.filter((c) => c.personId === me).map((c) => c.ground);
    if (grounds.includes('SUBJECT')) return 'SUBJECT';
    if (grounds.includes('CANDIDATE')) return 'CANDIDATE';
    return 'TARGET';
  }
  if (resource.recusedIds.includes(me)) return 'RECUSED';
  const inReach = resource.participantIds.includes(me) || principal.jurisdictionIds.includes(resource.jurisdictionId);
  return inReach ? 'NOT_PERMITTED' : 'OUTSIDE_JURISDICTION';
}

export function listRefusalReason(principal: Principal, list: RectificationListResource | null): RefusalReason {
  if (!list) return 'UNKNOWN';
  const inReach =
    list.participantIds.includes(principal.personId) ||
    list.jurisdictionIds.some((j) => principal.jurisdictionIds.includes(j));
  return inReach ? 'NOT_PERMITTED' : 'OUTSIDE_JURISDICTION';
}
