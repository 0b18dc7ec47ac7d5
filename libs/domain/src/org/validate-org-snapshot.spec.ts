import { aCountyUnit } from './org-snapshot.builder';
import type { OrgSnapshot } from './org-snapshot';
import { validateOrgSnapshot } from './validate-org-snapshot';

function problemsOf(snapshot: OrgSnapshot): string[] {
  return validateOrgSnapshot(snapshot).map((p) => `${p.code}@${p.path}${p.field ? `.${p.field}` : ''}`);
}

describe('validateOrgSnapshot', () => {
  const clean = aCountyUnit()
    .withTenure('p-1', 'pos-a-secretary', '2020-01-01', '2021-12-31')
    .withTenure('p-2', 'pos-a-secretary', '2022-01-01', null, true)
    .withManagedBy('p-1', 'b-county', '2020-01-01', null)
    .build();

  it('accepts a consistent snapshot', () => {
    expect(validateOrgSnapshot(clean)).toEqual([]);
  });

  it('reports every row that reuses an id, pointing at the first use', () => {
    const snapshot: OrgSnapshot = {
      ...clean,
      units: [...clean.units, clean.units[0], clean.units[0]],
      bodies: [...clean.bodies, clean.bodies[1]],
      positions: [...clean.positions, clean.positions[0]],
      persons: [...clean.persons, clean.persons[0]],
    };
    const problems = validateOrgSnapshot(snapshot).filter((p) => p.code === 'DUPLICATE_ID');
    expect(problems.map((p) => [p.path, p.relatedPath])).toEqual([
      ['persons[2]', 'persons[0]'],
      ['units[3]', 'units[0]'],
      ['units[4]', 'units[0]'],
      ['bodies[4]', 'bodies[1]'],
      ['positions[4]', 'positions[0]'],
    ]);
  });

  it('reports every unknown unit, body, position and person reference', () => {
    const snapshot: OrgSnapshot = {
      ...clean,
      units: [
        ...clean.units,
        {
          id: 'u-orphan',
          name: 'Orphan',
          parentId: 'u-gone',
          kind: 'department',
          validFrom: '2020-01-01',
          validTo: null,
        },
      ],
      bodies: [...clean.bodies, { id: 'b-orphan', unitId: 'u-gone', kind: 'partyGroup' }],
      positions: [...clean.positions, { id: 'pos-orphan', bodyId: 'b-gone', role: 'member', singleHolder: false }],
      tenures: [
        ...clean.tenures,
        { personId: 'p-gone', positionId: 'pos-gone', from: '2020-01-01', to: null, acting: false },
        { personId: 'p-1', positionId: 'pos-gone-too', from: '2020-01-01', to: null, acting: false },
      ],
      portfolios: [{ personId: 'p-gone', bodyId: 'b-gone', domain: 'procurement', from: '2020-01-01', to: null }],
      supervisions: [{ disciplineBodyId: 'b-gone', unitId: 'u-gone', from: '2020-01-01', to: null }],
      managedBy: [{ personId: 'p-gone', bodyId: 'b-gone', from: '2020-01-01', to: null }],
      meetingDecisions: [
        { id: 'md-1', bodyId: 'b-gone', date: '2021-01-01', domain: 'x', attendees: ['p-1', 'p-gone'], dissent: [] },
      ],
    };
    expect(problemsOf(snapshot)).toEqual([
      'UNKNOWN_UNIT@units[3].parentId',
      'UNKNOWN_UNIT@bodies[4].unitId',
      'UNKNOWN_BODY@positions[4].bodyId',
      'UNKNOWN_PERSON@tenures[2].personId',
      'UNKNOWN_POSITION@tenures[2].positionId',
      'UNKNOWN_POSITION@tenures[3].positionId',
      'UNKNOWN_PERSON@portfolios[0].personId',
      'UNKNOWN_BODY@portfolios[0].bodyId',
      'UNKNOWN_BODY@supervisions[0].disciplineBodyId',
      'UNKNOWN_UNIT@supervisions[0].unitId',
      'UNKNOWN_PERSON@managedBy[0].personId',
      'UNKNOWN_BODY@managedBy[0].bodyId',
      'UNKNOWN_BODY@meetingDecisions[0].bodyId',
      'UNKNOWN_PERSON@meetingDecisions[0].attendees[1]',
    ]);
  });

  it('reports every malformed date and every interval whose start is after its end', () => {
    const snapshot: OrgSnapshot = {
      ...clean,
      asOf: '2026-13-01',
      tenures: [
        { personId: 'p-1', positionId: 'pos-a-member', from: '2021-02-29', to: null, acting: false },
        { personId: 'p-1', positionId: 'pos-a-member', from: '2022-05-01', to: '2022-04-30', acting: false },
        { personId: 'p-2', positionId: 'pos-a-member', from: '2022-05-01', to: '22-06-30', acting: false },
      ],
      units: clean.units.map((u, i) => (i === 1 ? { ...u, validFrom: '2030-01-01', validTo: '2020-01-01' } : u)),
      managedBy: [{ personId: 'p-1', bodyId: 'b-county', from: '2024-01-02', to: '2024-01-01' }],
      meetingDecisions: [{ id: 'md-1', bodyId: 'b-a-pg', date: '2021-1-5', domain: 'x', attendees: [], dissent: [] }],
    };
    expect(problemsOf(snapshot)).toEqual([
      'INVALID_DATE@asOf',
      'INVERTED_INTERVAL@units[1].validFrom',
      'INVALID_DATE@tenures[0].from',
      'INVERTED_INTERVAL@tenures[1].from',
      'INVALID_DATE@tenures[2].to',
      'INVERTED_INTERVAL@managedBy[0].from',
      'INVALID_DATE@meetingDecisions[0].date',
    ]);
  });

  it('reports each overlapping pair on a single-holder post, acting tenures included, but not on shared posts', () => {
    const snapshot: OrgSnapshot = {
      ...clean,
      tenures: [
        { personId: 'p-1', positionId: 'pos-a-secretary', from: '2020-01-01', to: '2021-12-31', acting: false },
        { personId: 'p-2', positionId: 'pos-a-secretary', from: '2021-12-31', to: null, acting: true },
        { personId: 'p-3', positionId: 'pos-a-secretary', from: '2021-06-01', to: '2021-06-30', acting: false },
        { personId: 'p-1', positionId: 'pos-a-member', from: '2020-01-01', to: null, acting: false },
        { personId: 'p-2', positionId: 'pos-a-member', from: '2020-01-01', to: null, acting: false },
      ],
      persons: [...clean.persons, { id: 'p-3', displayName: 'P3' }],
    };
    const problems = validateOrgSnapshot(snapshot);
    expect(problems.map((p) => [p.code, p.path, p.relatedPath])).toEqual([
      ['SINGLE_HOLDER_OVERLAP', 'tenures[1]', 'tenures[0]'],
      ['SINGLE_HOLDER_OVERLAP', 'tenures[2]', 'tenures[0]'],
    ]);
  });

  it('reports a person managed by two bodies at once', () => {
    const snapshot: OrgSnapshot = {
      ...clean,
      managedBy: [
        { personId: 'p-1', bodyId: 'b-county', from: '2020-01-01', to: '2022-12-31' },
        { personId: 'p-1', bodyId: 'b-a-pg', from: '2022-06-01', to: null },
        { personId: 'p-2', bodyId: 'b-a-pg', from: '2022-06-01', to: null },
      ],
    };
    expect(problemsOf(snapshot)).toEqual(['MANAGED_BY_OVERLAP@managedBy[1]']);
  });

  it('reports every unit on a parent cycle, and no unit merely below one', () => {
    const snapshot: OrgSnapshot = {
      ...clean,
      units: [
        { id: 'u-1', name: '1', parentId: 'u-2', kind: 'department', validFrom: '2020-01-01', validTo: null },
        { id: 'u-2', name: '2', parentId: 'u-3', kind: 'department', validFrom: '2020-01-01', validTo: null },
        { id: 'u-3', name: '3', parentId: 'u-1', kind: 'department', validFrom: '2020-01-01', validTo: null },
        { id: 'u-self', name: 'self', parentId: 'u-self', kind: 'department', validFrom: '2020-01-01', validTo: null },
        { id: 'u-below', name: 'below', parentId: 'u-1', kind: 'department', validFrom: '2020-01-01', validTo: null },
        ...clean.units,
      ],
    };
    expect(problemsOf(snapshot)).toEqual([
      'UNIT_CYCLE@units[0].parentId',
      'UNIT_CYCLE@units[1].parentId',
      'UNIT_CYCLE@units[2].parentId',
      'UNIT_CYCLE@units[3].parentId',
    ]);
  });

  it('reports supervision by a party body and posts that do not belong to the body kind', () => {
    const snapshot: OrgSnapshot = {
      ...clean,
      positions: [
        ...clean.positions,
        { id: 'pos-bad-1', bodyId: 'b-a-pg', role: 'disciplineSecretary', singleHolder: true },
        { id: 'pos-bad-2', bodyId: 'b-a-dg', role: 'secretary', singleHolder: true },
      ],
      supervisions: [
        ...clean.supervisions,
        { disciplineBodyId: 'b-a-pg', unitId: 'u-a', from: '2020-01-01', to: null },
      ],
    };
    expect(problemsOf(snapshot)).toEqual([
      'ROLE_NOT_ALLOWED_IN_BODY@positions[4].role',
      'ROLE_NOT_ALLOWED_IN_BODY@positions[5].role',
      'NOT_A_DISCIPLINE_BODY@supervisions[2].disciplineBodyId',
    ]);
  });

  it('reports dissent by someone who did not attend the meeting', () => {
    const snapshot: OrgSnapshot = {
      ...clean,
      meetingDecisions: [
        { id: 'md-1', bodyId: 'b-a-pg', date: '2021-01-05', domain: 'x', attendees: ['p-1'], dissent: ['p-1', 'p-2'] },
      ],
    };
    expect(problemsOf(snapshot)).toEqual(['DISSENT_WITHOUT_ATTENDANCE@meetingDecisions[0].dissent[1]']);
  });
});
