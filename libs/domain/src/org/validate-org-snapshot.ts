import { type DayRange, toDayNumber, toDayRange } from './interval';
import { isDisciplineBodyKind, isRoleAllowedInBody, type OrgSnapshot } from './org-snapshot';

export const ORG_PROBLEM_CODES = [
  'DUPLICATE_ID',
  'UNKNOWN_UNIT',
  'UNKNOWN_BODY',
  'UNKNOWN_POSITION',
  'UNKNOWN_PERSON',
  'INVALID_DATE',
  'INVERTED_INTERVAL',
  'SINGLE_HOLDER_OVERLAP',
  'MANAGED_BY_OVERLAP',
  'UNIT_CYCLE',
  'NOT_A_DISCIPLINE_BODY',
  'ROLE_NOT_ALLOWED_IN_BODY',
  'DISSENT_WITHOUT_ATTENDANCE',
  'INVALID_STRUCTURE',
] as const;
export type OrgProblemCode = (typeof ORG_PROBLEM_CODES)[number];

/** One bad row. `path` names the row (`tenures[3]`), `field` the offending field within it. */
export interface OrgProblem {
  readonly code: OrgProblemCode;
  readonly path: string;
  readonly field?: string;
  readonly relatedPath?: string;
  readonly message: string;
}

interface DatedRow {
  readonly from: string;
  readonly to: string | null;
}

/**
 * Every problem in the snapshot, one per bad row and reason, in a stable order
 * (collection, then row index, then check). An empty list means the snapshot is usable.
 */
export function validateOrgSnapshot(snapshot: OrgSnapshot): OrgProblem[] {
  const problems: OrgProblem[] = [];
  const report = (problem: OrgProblem): void => {
    problems.push(problem);
  };

  if (toDayNumber(snapshot.asOf) === null) {
    report({
      code: 'INVALID_DATE',
      path: 'asOf',
      message: `asOf "${snapshot.asOf}" is not a YYYY-MM-DD calendar date`,
    });
  }

  const personIds = indexIds(snapshot.persons, 'persons', report);
  const unitIds = indexIds(snapshot.units, 'units', report);
  const bodyIds = indexIds(snapshot.bodies, 'bodies', report);
  const positionIds = indexIds(snapshot.positions, 'positions', report);
  indexIds(snapshot.meetingDecisions, 'meetingDecisions', report);
  const bodiesById = new Map(snapshot.bodies.map((body) => [body.id, body]));
  const positionsById = new Map(snapshot.positions.map((position) => [position.id, position]));

  const requireRef = (ids: Set<string>, code: OrgProblemCode, path: string, field: string, id: string): void => {
    if (!ids.has(id)) report({ code, path, field, message: `${field} "${id}" does not exist` });
  };

  /** A dated link (a tenure, a portfolio, a managed-by row): each end it names exists, and its dates are valid. */
  const checkDatedLinks = <Row extends DatedRow>(
    rows: readonly Row[],
    collection: string,
    ends: readonly (readonly [Set<string>, OrgProblemCode, keyof Row & string])[],
  ): void => {
    rows.forEach((row, index) => {
      const path = `${collection}[${index}]`;
      for (const [ids, code, field] of ends) requireRef(ids, code, path, field, String(row[field]));
      checkDates(row, path, ['from', 'to'], report);
    });
  };

  snapshot.units.forEach((unit, index) => {
    const path = `units[${index}]`;
    if (unit.parentId !== null) requireRef(unitIds, 'UNKNOWN_UNIT', path, 'parentId', unit.parentId);
    checkDates({ from: unit.validFrom, to: unit.validTo }, path, ['validFrom', 'validTo'], report);
  });
  reportUnitCycles(snapshot, report);

  snapshot.bodies.forEach((body, index) => {
    requireRef(unitIds, 'UNKNOWN_UNIT', `bodies[${index}]`, 'unitId', body.unitId);
  });

  snapshot.positions.forEach((position, index) => {
    const path = `positions[${index}]`;
    requireRef(bodyIds, 'UNKNOWN_BODY', path, 'bodyId', position.bodyId);
    const body = bodiesById.get(position.bodyId);
    if (body && !isRoleAllowedInBody(position.role, body.kind)) {
      report({
        code: 'ROLE_NOT_ALLOWED_IN_BODY',
        path,
        field: 'role',
        message: `role "${position.role}" is not a post of a ${body.kind}`,
      });
    }
  });

  checkDatedLinks(snapshot.tenures, 'tenures', [
    [personIds, 'UNKNOWN_PERSON', 'personId'],
    [positionIds, 'UNKNOWN_POSITION', 'positionId'],
  ]);
  reportPairwiseOverlaps(
    snapshot.tenures,
    'tenures',
    (tenure) => (positionsById.get(tenure.positionId)?.singleHolder ? tenure.positionId : null),
    'SINGLE_HOLDER_OVERLAP',
    (key) => `overlaps another tenure of single-holder position "${key}" (acting tenures count)`,
    report,
  );

  checkDatedLinks(snapshot.portfolios, 'portfolios', [
    [personIds, 'UNKNOWN_PERSON', 'personId'],
    [bodyIds, 'UNKNOWN_BODY', 'bodyId'],
  ]);

  snapshot.supervisions.forEach((supervision, index) => {
    const path = `supervisions[${index}]`;
    requireRef(bodyIds, 'UNKNOWN_BODY', path, 'disciplineBodyId', supervision.disciplineBodyId);
    requireRef(unitIds, 'UNKNOWN_UNIT', path, 'unitId', supervision.unitId);
    const body = bodiesById.get(supervision.disciplineBodyId);
    if (body && !isDisciplineBodyKind(body.kind)) {
      report({
        code: 'NOT_A_DISCIPLINE_BODY',
        path,
        field: 'disciplineBodyId',
        message: `body "${body.id}" is a ${body.kind}, only discipline bodies supervise`,
      });
    }
    checkDates(supervision, path, ['from', 'to'], report);
  });

  checkDatedLinks(snapshot.managedBy, 'managedBy', [
    [personIds, 'UNKNOWN_PERSON', 'personId'],
    [bodyIds, 'UNKNOWN_BODY', 'bodyId'],
  ]);
  reportPairwiseOverlaps(
    snapshot.managedBy,
    'managedBy',
    (managed) => managed.personId,
    'MANAGED_BY_OVERLAP',
    (key) => `person "${key}" is managed by two bodies at once, so the deciding body would be ambiguous`,
    report,
  );

  snapshot.meetingDecisions.forEach((decision, index) => {
    const path = `meetingDecisions[${index}]`;
    requireRef(bodyIds, 'UNKNOWN_BODY', path, 'bodyId', decision.bodyId);
    if (toDayNumber(decision.date) === null) {
      report({
        code: 'INVALID_DATE',
        path,
        field: 'date',
        message: `date "${decision.date}" is not a YYYY-MM-DD calendar date`,
      });
    }
    decision.attendees.forEach((personId, i) => {
      requireRef(personIds, 'UNKNOWN_PERSON', path, `attendees[${i}]`, personId);
    });
    decision.dissent.forEach((personId, i) => {
      requireRef(personIds, 'UNKNOWN_PERSON', path, `dissent[${i}]`, personId);
      if (!decision.attendees.includes(personId)) {
        report({
          code: 'DISSENT_WITHOUT_ATTENDANCE',
          path,
          field: `dissent[${i}]`,
          message: `"${personId}" recorded dissent but is not among the attendees`,
        });
      }
    });
  });

  return problems;
}

function indexIds(
  rows: readonly { readonly id: string }[],
  collection: string,
  report: (problem: OrgProblem) => void,
): Set<string> {
  const firstIndex = new Map<string, number>();
  rows.forEach((row, index) => {
    const first = firstIndex.get(row.id);
    if (first === undefined) {
      firstIndex.set(row.id, index);
      return;
    }
    report({
      code: 'DUPLICATE_ID',
      path: `${collection}[${index}]`,
      field: 'id',
      relatedPath: `${collection}[${first}]`,
      message: `id "${row.id}" is already used by ${collection}[${first}]`,
    });
  });
  return new Set(firstIndex.keys());
}

function checkDates(
  row: DatedRow,
  path: string,
  [fromField, toField]: readonly [string, string],
  report: (problem: OrgProblem) => void,
): void {
  const fromValid = toDayNumber(row.from) !== null;
  const toValid = row.to === null || toDayNumber(row.to) !== null;
  if (!fromValid) {
    report({
      code: 'INVALID_DATE',
      path,
      field: fromField,
      message: `${fromField} "${row.from}" is not a YYYY-MM-DD calendar date`,
    });
  }
  if (!toValid) {
    report({
      code: 'INVALID_DATE',
      path,
      field: toField,
      message: `${toField} "${String(row.to)}" is not a YYYY-MM-DD calendar date`,
    });
  }
  if (fromValid && toValid && toDayRange(row) === null) {
    report({
      code: 'INVERTED_INTERVAL',
      path,
      field: fromField,
      message: `${fromField} ${row.from} is after ${toField} ${String(row.to)}`,
    });
  }
}

/** Reports each overlapping pair of rows sharing a key once, on the row that starts later. */
function reportPairwiseOverlaps<Row extends DatedRow>(
  rows: readonly Row[],
  collection: string,
  keyOf: (row: Row) => string | null,
  code: OrgProblemCode,
  describe: (key: string) => string,
  report: (problem: OrgProblem) => void,
): void {
  const groups = new Map<string, { index: number; range: DayRange }[]>();
  rows.forEach((row, index) => {
    const key = keyOf(row);
    const range = toDayRange(row);
    if (key === null || range === null) return;
    const group = groups.get(key) ?? [];
    group.push({ index, range });
    groups.set(key, group);
  });
  const found: { index: number; other: number; key: string }[] = [];
  for (const [key, group] of groups) {
    for (let i = 0; i < group.length; i += 1) {
      for (let j = i + 1; j < group.length; j += 1) {
        const a = group[i];
        const b = group[j];
        if (Math.max(a.range.start, b.range.start) > Math.min(a.range.end, b.range.end)) continue;
        const [earlier, later] =
          b.range.start > a.range.start || (b.range.start === a.range.start && b.index > a.index) ? [a, b] : [b, a];
        found.push({ index: later.index, other: earlier.index, key });
      }
    }
  }
  found
    .sort((x, y) => x.index - y.index || x.other - y.other)
    .forEach(({ index, other, key }) => {
      report({
        code,
        path: `${collection}[${index}]`,
        relatedPath: `${collection}[${other}]`,
        message: `${describe(key)}: ${collection}[${other}]`,
      });
    });
}

/** Every unit that is its own ancestor; units merely hanging below a cycle are not reported. */
function reportUnitCycles(snapshot: OrgSnapshot, report: (problem: OrgProblem) => void): void {
  const parentOf = new Map<string, string | null>();
  for (const unit of snapshot.units) {
    if (!parentOf.has(unit.id)) parentOf.set(unit.id, unit.parentId);
  }
  snapshot.units.forEach((unit, index) => {
    if (parentOf.get(unit.id) !== unit.parentId) return;
    const seen = new Set<string>();
    let current = unit.parentId;
    while (current !== null && !seen.has(current) && current !== unit.id) {
      seen.add(current);
      current = parentOf.get(current) ?? null;
    }
    if (current === unit.id) {
      report({
        code: 'UNIT_CYCLE',
        path: `units[${index}]`,
        field: 'parentId',
        message: `unit "${unit.id}" is its own ancestor through parentId`,
      });
    }
  });
}
