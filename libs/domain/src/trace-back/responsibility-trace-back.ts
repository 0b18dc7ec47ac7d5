import {
  type Body,
  type BodyId,
  countDays,
  currentManagingBody,
  type DayRange,
  fromDayRange,
  intersectRanges,
  isDisciplineBodyKind,
  isPartyTeamRole,
  jurisdictionUnitFor,
  leadingBodyFor,
  normalizeRanges,
  type OrgSnapshot,
  partyBodyFor,
  type PersonId,
  type Position,
  type PositionRole,
  type Tenure,
  tenuresOverlapping,
  toDayNumber,
  toDayRange,
  unitAncestry,
  type UnitId,
} from '../org';
import {
  type Candidate,
  type MatchedPeriod,
  type ResponsibilityKind,
  type SuggestedResponsibilityType,
  TRACE_BACK_RULES,
  type TraceBackInput,
  type TraceBackProblem,
  type TraceBackResult,
  type TraceBackRule,
} from './trace-back-candidate';

interface Draft {
  readonly rule: TraceBackRule;
  readonly target: 'person' | 'organization';
  readonly id: string;
  readonly rangesByBody: Map<BodyId, DayRange[]>;
  readonly periods: Map<string, MatchedPeriod>;
  readonly related: Set<string>;
  readonly decisionIds: Set<string>;
  readonly dissentDecisionIds: Set<string>;
  level: number;
}

interface Context {
  readonly snapshot: OrgSnapshot;
  readonly window: DayRange[];
  readonly drafts: Map<string, Draft>;
}

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

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedIds(ids: Iterable<string>): string[] {
  return [...ids].sort(compareText);
}

function addToDraft(
  context: Context,
  key: { rule: TraceBackRule; target: 'person' | 'organization'; id: string; level?: number },
  bodyId: BodyId,
  ranges: readonly DayRange[],
  period: MatchedPeriod,
): Draft | null {
  if (countDays(ranges) === 0) return null;
  const draftKey = `${key.rule}|${key.target}|${key.id}`;
  let draft = context.drafts.get(draftKey);
  if (!draft) {
    draft = {
      rule: key.rule,
      target: key.target,
      id: key.id,
      rangesByBody: new Map(),
      periods: new Map(),
      related: new Set(),
      decisionIds: new Set(),
      dissentDecisionIds: new Set(),
      level: key.level ?? 0,
    };
    context.drafts.set(draftKey, draft);
  }
  draft.level = Math.min(draft.level, key.level ?? 0);
  draft.rangesByBody.set(bodyId, normalizeRanges([...(draft.rangesByBody.get(bodyId) ?? []), ...ranges]));
  const periodKey = `${period.bodyId}|${period.positionId ?? ''}|${period.from}|${period.to ?? ''}|${period.acting}`;
  draft.periods.set(periodKey, period);
  return draft;
}

function tenurePeriod(tenure: Tenure, position: Position): MatchedPeriod {
  return { bodyId: position.bodyId, positionId: position.id, from: tenure.from, to: tenure.to, acting: tenure.acting };
}

function rowRange(row: { from: string; to: string | null }): DayRange[] {
  const range = toDayRange(row);
  return range ? [range] : [];
}

function checkInput(input: TraceBackInput, snapshot: OrgSnapshot): TraceBackProblem[] {
  const problems: TraceBackProblem[] = [];
  if (toDayNumber(snapshot.asOf) === null) {
    problems.push({
      code: 'INVALID_DATE',
      path: 'snapshot.asOf',
      message: `asOf "${snapshot.asOf}" is not a YYYY-MM-DD date`,
    });
  }
  if (!snapshot.units.some((unit) => unit.id === input.unitId)) {
    problems.push({ code: 'UNKNOWN_UNIT', path: 'unitId', message: `unit "${input.unitId}" is not in the snapshot` });
  }
  if (
    input.handlingCommissionBodyId !== undefined &&
    !snapshot.bodies.some((b) => b.id === input.handlingCommissionBodyId)
  ) {
    problems.push({
      code: 'UNKNOWN_BODY',
      path: 'handlingCommissionBodyId',
      message: `body "${input.handlingCommissionBodyId}" is not in the snapshot`,
    });
  }
  input.misconductIntervals.forEach((interval, index) => {
    const path = `misconductIntervals[${index}]`;
    if (toDayNumber(interval.from) === null || (interval.to !== null && toDayNumber(interval.to) === null)) {
      problems.push({ code: 'INVALID_DATE', path, message: 'dates must be YYYY-MM-DD calendar dates' });
    } else if (toDayRange(interval) === null) {
      problems.push({
        code: 'INVERTED_INTERVAL',
        path,
        message: `from ${interval.from} is after to ${String(interval.to)}`,
      });
    }
  });
  for (const name of ['minOverlapDays', 'tracebackLevels'] as const) {
    const value = input.options[name];
    if (!Number.isInteger(value) || value < 0) {
      problems.push({
        code: 'INVALID_OPTION',
        path: `options.${name}`,
        message: `${name} must be a non-negative integer`,
      });
    }
  }
  return problems;
}

/** Misconduct days up to `asOf`: the snapshot knows nothing about later days. */
function misconductWindow(input: TraceBackInput, asOfDay: number): DayRange[] {
  return normalizeRanges(
    input.misconductIntervals.flatMap((interval) => {
      const range = toDayRange(interval);
      if (!range) return [];
      const end = Math.min(range.end, asOfDay);
      return range.start <= end ? [{ start: range.start, end }] : [];
    }),
  );
}

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
    addToDraft(
      context,
      { rule: 'PARTY_SECRETARY', target: 'person', id: tenure.personId },
      position.bodyId,
      intersectRanges(rowRange(tenure), window),
      tenurePeriod(tenure, position),
    );
  }

  if (partyBody) {
    for (const portfolio of snapshot.portfolios) {
      if (portfolio.bodyId !== partyBody.id || !domains.has(portfolio.domain)) continue;
      const inCharge = intersectRanges(rowRange(portfolio), window);
      for (const { tenure, position } of teamTenures) {
        if (tenure.personId !== portfolio.personId) continue;
        addToDraft(
          context,
          { rule: 'PORTFOLIO_IN_CHARGE', target: 'person', id: tenure.personId },
          position.bodyId,
          intersectRanges(rowRange(tenure), inCharge),
          tenurePeriod(tenure, position),
        )?.related.add(portfolio.domain);
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
        const draft = addToDraft(
          context,
          { rule: 'DECISION_ATTENDEE', target: 'person', id: personId },
          position.bodyId,
          intersectRanges(rowRange(tenure), window),
          tenurePeriod(tenure, position),
        );
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
    addToDraft(
      context,
      { rule, target: 'person', id: tenure.personId },
      position.bodyId,
      intersectRanges(rowRange(tenure), supervised),
      tenurePeriod(tenure, position),
    );
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

/**
 * A subject on the unit's leadership team (班子成员) also implicates the body that managed them
 * during the period and that body's discipline body; each further level is the party body above.
 */
function traceManagingBodies(
  context: Context,
  input: TraceBackInput,
  subjects: ReadonlySet<PersonId>,
  teamTenures: ReturnType<typeof tenuresOverlapping>,
  bodiesById: ReadonlyMap<BodyId, Body>,
): void {
  const { snapshot } = context;
  if (input.options.tracebackLevels < 1) return;
  for (const subjectId of subjects) {
    const asTeamMember = normalizeRanges(
      teamTenures
        .filter(({ tenure }) => tenure.personId === subjectId)
        .flatMap(({ tenure }) => intersectRanges(rowRange(tenure), context.window)),
    );
    if (asTeamMember.length === 0) continue;
    for (const managed of snapshot.managedBy) {
      if (managed.personId !== subjectId) continue;
      const during = intersectRanges(rowRange(managed), asTeamMember);
      let body = countDays(during) > 0 ? bodiesById.get(managed.bodyId) : undefined;
      for (let level = 1; body && level <= input.options.tracebackLevels; level += 1) {
        const current: Body = body;
        for (const range of during) {
          addToDraft(
            context,
            { rule: 'MANAGING_BODY', target: 'organization', id: current.id, level },
            current.id,
            [range],
            { bodyId: current.id, positionId: null, ...fromDayRange(range), acting: false },
          )?.related.add(subjectId);
        }
        for (const supervision of snapshot.supervisions) {
          const discipline = bodiesById.get(supervision.disciplineBodyId);
          if (supervision.unitId !== current.unitId || !discipline || !isDisciplineBodyKind(discipline.kind)) continue;
          addToDraft(
            context,
            { rule: 'MANAGING_BODY_DISCIPLINE', target: 'organization', id: discipline.id, level },
            discipline.id,
            intersectRanges(rowRange(supervision), during),
            { bodyId: discipline.id, positionId: null, from: supervision.from, to: supervision.to, acting: false },
          )?.related.add(current.id);
        }
        body = leadingBodyFor(snapshot, current.id) ?? undefined;
      }
    }
  }
}

function draftOverlap(draft: Draft): number {
  return countDays([...draft.rangesByBody.values()].flat());
}

function mainBodyOf(draft: Draft): BodyId {
  return [...draft.rangesByBody.entries()]
    .map(([bodyId, ranges]) => ({ bodyId, days: countDays(ranges) }))
    .sort((a, b) => b.days - a.days || compareText(a.bodyId, b.bodyId))[0].bodyId;
}

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

function toCandidate(
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
