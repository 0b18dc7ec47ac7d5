import {
  type Body,
  type BodyId,
  countDays,
  type DayRange,
  fromDayRange,
  intersectRanges,
  isDisciplineBodyKind,
  isPartyTeamRole,
  jurisdictionUnitFor,
  normalizeRanges,
  type OrgSnapshot,
  partyBodyFor,
  type PersonId,
  type Position,
  type PositionRole,
  tenuresOverlapping,
  toDayNumber,
  unitAncestry,
} from '../org';
import { toCandidate } from './candidate-reasons';
import { traceManagingBodies } from './managing-bodies';
import {
  TRACE_BACK_RULES,
  type TraceBackInput,
  type TraceBackResult,
  type TraceBackRule,
} from './trace-back-candidate';
import { addTenureToDraft, addToDraft, compareText, type Context, draftOverlap, rowRange } from './trace-back-draft';
import { checkInput, misconductWindow } from './trace-back-input';

/**
 * Responsibility trace-back (责任倒查), DOMAIN §4: who answers for misconduct in `unitId` during
 * the misconduct intervals. Whoever held a post *during* the period counts, not today's holder.
 * Pure and deterministic: the same input gives the same output whatever the order of the rows.
 */
export function responsibilityTraceBack(input: TraceBackInput, snapshot: OrgSnapshot): TraceBackResult {
  const problems = checkInput(input, snapshot);
  if (problems.length > 0) return { candidates: [], problems };
  const asOfDay = toDayNumber(snapshot.asOf) as number;
  const window = misconductWindow(input, asOfDay);
  if (countDays(window) === 0) {
    return {
      candidates: [],
      problems: [
        {
          code: 'NO_MISCONDUCT_PERIOD',
          path: 'misconductIntervals',
          message: `no misconduct day on or before ${snapshot.asOf}`,
        },
      ],
    };
  }

  const context: Context = { snapshot, window, drafts: new Map() };
  const domains = new Set(input.domains);
  const subjects = new Set(input.subjectIds);
  const minOverlapDays = Math.max(1, input.options.minOverlapDays);
  const bodiesById = new Map<BodyId, Body>();
  for (const body of snapshot.bodies) if (!bodiesById.has(body.id)) bodiesById.set(body.id, body);
  const positionsById = new Map<string, Position>();
  for (const position of snapshot.positions)
    if (!positionsById.has(position.id)) positionsById.set(position.id, position);
  const windowIntervals = window.map(fromDayRange);

  const partyBody = partyBodyFor(snapshot, input.unitId);
  const ancestry = unitAncestry(snapshot, input.unitId);
  const answeringUnits = partyBody ? ancestry.slice(0, ancestry.indexOf(partyBody.unitId) + 1) : ancestry;

  if (partyBody) {
    for (const range of window) {
      addToDraft(
        context,
        { rule: 'ORGANIZATION_PRIMARY', target: 'organization', id: partyBody.id },
        partyBody.id,
        [range],
        { bodyId: partyBody.id, positionId: null, ...fromDayRange(range), acting: false },
      )?.related.add(input.unitId);
    }
  }

  const supervisedWindow = new Map<BodyId, DayRange[]>();
  for (const supervision of snapshot.supervisions) {
    const body = bodiesById.get(supervision.disciplineBodyId);
    if (!body || !isDisciplineBodyKind(body.kind) || !answeringUnits.includes(supervision.unitId)) continue;
    const overlap = intersectRanges(rowRange(supervision), window);
    const draft = addToDraft(
      context,
      { rule: 'ORGANIZATION_SUPERVISORY', target: 'organization', id: body.id },
      body.id,
      overlap,
      { bodyId: body.id, positionId: null, from: supervision.from, to: supervision.to, acting: false },
    );
    if (!draft) continue;
    draft.related.add(supervision.unitId);
    supervisedWindow.set(body.id, normalizeRanges([...(supervisedWindow.get(body.id) ?? []), ...overlap]));
  }

  const teamTenures = partyBody
    ? tenuresOverlapping(snapshot, (p) => p.bodyId === partyBody.id && isPartyTeamRole(p.role), windowIntervals, 1)
    : [];

  for (const { tenure, position } of teamTenures) {
    if (position.role !== 'secretary') continue;
    addTenureToDraft(context, 'PARTY_SECRETARY', { tenure, position }, window);
  }

  if (partyBody) {
    for (const portfolio of snapshot.portfolios) {
      if (portfolio.bodyId !== partyBody.id || !domains.has(portfolio.domain)) continue;
      const inCharge = intersectRanges(rowRange(portfolio), window);
      for (const { tenure, position } of teamTenures) {
        if (tenure.personId !== portfolio.personId) continue;
        addTenureToDraft(context, 'PORTFOLIO_IN_CHARGE', { tenure, position }, inCharge)?.related.add(portfolio.domain);
      }
    }
  }

  const isMainLeader = (personId: PersonId): boolean =>
    (['PARTY_SECRETARY', 'PORTFOLIO_IN_CHARGE'] as const).some((rule) => {
      const draft = context.drafts.get(`${rule}|person|${personId}`);
      return draft !== undefined && draftOverlap(draft) >= minOverlapDays;
    });

  if (partyBody) {
    const attended = new Map<PersonId, { decisionIds: Set<string>; dissentIds: Set<string>; domains: Set<string> }>();
    for (const decision of snapshot.meetingDecisions) {
      const day = toDayNumber(decision.date);
      if (decision.bodyId !== partyBody.id || !domains.has(decision.domain) || day === null) continue;
      if (!window.some((range) => range.start <= day && day <= range.end)) continue;
      for (const personId of decision.attendees) {
        const entry = attended.get(personId) ?? { decisionIds: new Set(), dissentIds: new Set(), domains: new Set() };
        entry.decisionIds.add(decision.id);
        entry.domains.add(decision.domain);
        if (decision.dissent.includes(personId)) entry.dissentIds.add(decision.id);
        attended.set(personId, entry);
      }
    }
    for (const [personId, entry] of attended) {
      if (isMainLeader(personId)) continue;
      for (const { tenure, position } of teamTenures) {
        if (tenure.personId !== personId) continue;
        const draft = addTenureToDraft(context, 'DECISION_ATTENDEE', { tenure, position }, window);
        if (!draft) continue;
        entry.decisionIds.forEach((id) => draft.decisionIds.add(id));
        entry.dissentIds.forEach((id) => draft.dissentDecisionIds.add(id));
        entry.domains.forEach((domain) => draft.related.add(domain));
      }
    }
  }

  const disciplineRules: Partial<Record<PositionRole, TraceBackRule>> = {
    disciplineSecretary: 'DISCIPLINE_HEAD',
    disciplineDeputy: 'DISCIPLINE_DEPUTY',
  };
  for (const tenure of snapshot.tenures) {
    const position = positionsById.get(tenure.positionId);
    const rule = position ? disciplineRules[position.role] : undefined;
    const supervised = position ? supervisedWindow.get(position.bodyId) : undefined;
    if (!position || !rule || !supervised) continue;
    addTenureToDraft(context, rule, { tenure, position }, supervised);
  }

  if (partyBody) traceManagingBodies(context, input, subjects, teamTenures, bodiesById);

  const handlingUnit = input.handlingCommissionBodyId
    ? bodiesById.get(input.handlingCommissionBodyId)?.unitId
    : input.unitId;
  const caseJurisdiction = handlingUnit === undefined ? null : jurisdictionUnitFor(snapshot, handlingUnit);
  const candidates = [...context.drafts.values()]
    .filter((draft) =>
      draft.target === 'person' ? !subjects.has(draft.id) && draftOverlap(draft) >= minOverlapDays : true,
    )
    .map((draft) => toCandidate(draft, snapshot, bodiesById, caseJurisdiction))
    .sort(
      (a, b) =>
        TRACE_BACK_RULES.indexOf(a.rule) - TRACE_BACK_RULES.indexOf(b.rule) ||
        compareText(a.personId ?? a.organizationBodyId ?? '', b.personId ?? b.organizationBodyId ?? ''),
    );
  return { candidates, problems: [] };
}
