import {
  type Body,
  type BodyId,
  currentManagingBody,
  jurisdictionUnitFor,
  leadingBodyFor,
  type OrgSnapshot,
  type UnitId,
} from '../org';
import type { Candidate, ResponsibilityKind, SuggestedResponsibilityType, TraceBackRule } from './trace-back-candidate';
import { compareText, type Draft, draftOverlap, mainBodyOf, sortedIds } from './trace-back-draft';

const RULE_SHAPE: Record<
  TraceBackRule,
  { responsibility: ResponsibilityKind; suggestedType: SuggestedResponsibilityType }
> = {
  ORGANIZATION_PRIMARY: { responsibility: 'primaryResponsibility', suggestedType: 'MAIN_LEADERSHIP' },
  ORGANIZATION_SUPERVISORY: { responsibility: 'supervisoryResponsibility', suggestedType: 'MAIN_LEADERSHIP' },
  MANAGING_BODY: { responsibility: 'primaryResponsibility', suggestedType: 'IMPORTANT_LEADERSHIP' },
  MANAGING_BODY_DISCIPLINE: { responsibility: 'supervisoryResponsibility', suggestedType: 'IMPORTANT_LEADERSHIP' },
  PARTY_SECRETARY: { responsibility: 'primaryResponsibility', suggestedType: 'MAIN_LEADERSHIP' },
  PORTFOLIO_IN_CHARGE: { responsibility: 'primaryResponsibility', suggestedType: 'MAIN_LEADERSHIP' },
  DECISION_ATTENDEE: { responsibility: 'primaryResponsibility', suggestedType: 'IMPORTANT_LEADERSHIP' },
  DISCIPLINE_HEAD: { responsibility: 'supervisoryResponsibility', suggestedType: 'MAIN_LEADERSHIP' },
  DISCIPLINE_DEPUTY: { responsibility: 'supervisoryResponsibility', suggestedType: 'MAIN_LEADERSHIP' },
};

/** Why the draft is a candidate, in the words of the rule that matched it. */
function describe(
  draft: Draft,
  bodyId: BodyId,
  ownUnitId: UnitId | undefined,
  overlapDays: number,
  acting: boolean,
  hint: boolean,
): string {
  const days = `${overlapDays} day${overlapDays === 1 ? '' : 's'} of the misconduct period`;
  const related = sortedIds(draft.related).join(', ');
  const actingNote = acting ? ', including acting (代理) service' : '';
  switch (draft.rule) {
    case 'ORGANIZATION_PRIMARY':
      return draft.related.has(ownUnitId ?? '')
        ? `Party body ${bodyId} bears primary responsibility (主体责任) for unit ${related} for ${days}.`
        : `Party body ${bodyId} bears primary responsibility (主体责任) for unit ${related} for ${days}; the unit has no party committee or group (党委/党组) of its own, so responsibility passes to the one above it.`;
    case 'ORGANIZATION_SUPERVISORY':
      return `Discipline body ${bodyId} supervised unit ${related} for ${days}: supervisory responsibility (监督责任).`;
    case 'MANAGING_BODY':
      return `Body ${bodyId} held cadre-management authority (干部管理权限) over subject ${related}, a team member (班子成员) of the unit, for ${days} (trace-back level ${draft.level}).`;
    case 'MANAGING_BODY_DISCIPLINE':
      return `Discipline body ${bodyId} supervised managing body ${related} for ${days} (trace-back level ${draft.level}): supervisory responsibility (监督责任).`;
    case 'PARTY_SECRETARY':
      return `Secretary of ${bodyId}, the first responsible person (第一责任人), for ${days}${actingNote}.`;
    case 'PORTFOLIO_IN_CHARGE':
      return `Team member of ${bodyId} in charge of (分管) ${related} for ${days}${actingNote}; one post, two duties (一岗双责).`;
    case 'DECISION_ATTENDEE': {
      const decisions = sortedIds(draft.decisionIds).join(', ');
      const dissent = sortedIds(draft.dissentDecisionIds);
      const dissentNote = hint
        ? ' Dissent recorded in every one of them (AR art. 17(b) exemption, 不予问责, may apply).'
        : dissent.length > 0
          ? ` Dissent recorded in ${dissent.join(', ')} only.`
          : '';
      return `Team member of ${bodyId} (${days}${actingNote}) who took part in collective decisions (集体决策) ${decisions} on ${related}: important leadership responsibility (重要领导责任).${dissentNote}`;
    }
    case 'DISCIPLINE_HEAD':
      return `Head (纪委书记/纪检监察组组长) of discipline body ${bodyId} while it supervised the unit, for ${days}${actingNote}: supervisory responsibility (监督责任).`;
    case 'DISCIPLINE_DEPUTY':
      return `Deputy head (副书记/副组长) of discipline body ${bodyId} while it supervised the unit, for ${days}${actingNote}: supervisory responsibility (监督责任).`;
  }
}

/** The candidate a draft becomes: its rule's responsibility, its reason, and who decides on it. */
export function toCandidate(
  draft: Draft,
  snapshot: OrgSnapshot,
  bodiesById: ReadonlyMap<BodyId, Body>,
  caseJurisdiction: UnitId | null,
): Candidate {
  const bodyId = mainBodyOf(draft);
  const overlapDays = draftOverlap(draft);
  const periods = [...draft.periods.values()].sort(
    (a, b) =>
      compareText(a.from, b.from) ||
      compareText(a.to ?? '9999-99-99', b.to ?? '9999-99-99') ||
      compareText(a.bodyId, b.bodyId) ||
      compareText(a.positionId ?? '', b.positionId ?? '') ||
      Number(a.acting) - Number(b.acting),
  );
  const hint = draft.decisionIds.size > 0 && draft.dissentDecisionIds.size === draft.decisionIds.size;
  const decidingBodyId =
    draft.target === 'person'
      ? currentManagingBody(snapshot, draft.id, snapshot.asOf)
      : (leadingBodyFor(snapshot, draft.id)?.id ?? null);
  const decidingUnit = decidingBodyId === null ? undefined : bodiesById.get(decidingBodyId)?.unitId;
  const referral =
    decidingBodyId !== null &&
    (decidingUnit === undefined ? null : jurisdictionUnitFor(snapshot, decidingUnit)) !== caseJurisdiction;
  const fields = {
    ...RULE_SHAPE[draft.rule],
    rule: draft.rule,
    reason: describe(
      draft,
      bodyId,
      bodiesById.get(bodyId)?.unitId,
      overlapDays,
      periods.some((p) => p.acting),
      hint,
    ),
    overlapDays,
    periods,
    bodyId,
    decisionIds: sortedIds(draft.decisionIds),
    ...(hint ? { exemptionHint: 'DISSENT_RECORDED' as const } : {}),
    decidingBodyId,
    referral,
  };
  return draft.target === 'person'
    ? { target: 'person', personId: draft.id, organizationBodyId: null, ...fields }
    : { target: 'organization', personId: null, organizationBodyId: draft.id, ...fields };
}
