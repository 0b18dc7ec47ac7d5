import type { Principal } from '../auth/principal';
import {
  abilityFor,
  canOn,
  canOnList,
  caseListScope,
  caseView,
  type CaseResource,
  type RectificationListResource,
} from './case-policy';

const aCase = (patch: Partial<CaseResource> = {}): CaseResource => ({
  caseId: 'case-2026-0001',
  jurisdictionId: 'j-county-x',
  participantIds: ['p-officer', 'p-leader'],
  targetIds: ['p-subject'],
  recusedIds: ['p-recused'],
  ...patch,
});
const person = (personId: string, roles: Principal['roles'], jurisdictionIds: string[] = []): Principal => ({
  personId,
  roles,
  jurisdictionIds,
});

describe('case policy', () => {
  const matrix: [string, Principal, 'full' | 'metadata' | null][] = [
    ['a participant without any role', person('p-officer', []), 'full'],
    ['staff of the jurisdiction', person('p-colleague', ['staff'], ['j-county-x']), 'full'],
    ['an approver of the jurisdiction', person('p-approver', ['approver'], ['j-county-x']), 'full'],
    ['staff of another jurisdiction', person('p-other', ['staff'], ['j-county-y']), null],
    ['a supervisor of the jurisdiction', person('p-super', ['supervisor'], ['j-county-x']), 'metadata'],
    ['a supervisor of another jurisdiction', person('p-super', ['supervisor'], ['j-county-y']), null],
    ['a supervisor who also takes part', person('p-leader', ['supervisor'], ['j-county-x']), 'full'],
    ['an admin', person('p-admin', ['admin']), 'metadata'],
    [
      'the subject, even as staff of the jurisdiction',
      person('p-subject', ['staff', 'supervisor'], ['j-county-x']),
      null,
    ],
    ['the subject listed as a participant', person('p-subject', []), null],
    ['the subject as an admin', person('p-subject', ['admin', 'supervisor'], ['j-county-x']), null],
    ['a recused deputy of the jurisdiction', person('p-recused', ['approver', 'supervisor'], ['j-county-x']), null],
    ['a recused participant', person('p-recused', []), null],
    ['a recused admin', person('p-recused', ['admin']), null],
  ];
  it.each(matrix)('gives %s the %s view', (_label, principal, view) => {
    const resource =
      principal.roles.length === 0 && principal.personId !== 'p-officer'
        ? aCase({ participantIds: [principal.personId] })
        : aCase();
    expect(caseView(abilityFor(principal), resource)).toBe(view);
  });

  it('lets only staff of the jurisdiction open a case there', () => {
    const target = aCase({ participantIds: [], targetIds: [], recusedIds: [] });
    expect(canOn(abilityFor(person('p-1', ['staff'], ['j-county-x'])), 'create', target)).toBe(true);
    expect(canOn(abilityFor(person('p-1', ['staff'], ['j-county-y'])), 'create', target)).toBe(false);
    expect(
      canOn(abilityFor(person('p-1', ['supervisor', 'approver', 'admin'], ['j-county-x'])), 'create', target),
    ).toBe(false);
  });

  it('lets supervisors of the jurisdiction reassign but not act on a case they do not take part in', () => {
    const ability = abilityFor(person('p-super', ['supervisor'], ['j-county-x']));
    expect(canOn(ability, 'reassign', aCase())).toBe(true);
    expect(canOn(ability, 'act', aCase())).toBe(false);
  });

  it('keeps the calendar to admins and the inbox to everyone', () => {
    expect(abilityFor(person('p-admin', ['admin'])).can('manage', 'Calendar')).toBe(true);
    expect(
      abilityFor(person('p-1', ['staff', 'approver', 'supervisor'], ['j-county-x'])).can('manage', 'Calendar'),
    ).toBe(false);
    expect(abilityFor(person('p-1', [])).can('read', 'Inbox')).toBe(true);
  });

  it('scopes the case list in SQL by the same participant and jurisdiction rules', () => {
    const hidden = 'NOT (c.target_ids @> ARRAY[$1]::text[] OR c.recused_ids @> ARRAY[$1]::text[])';
    expect(caseListScope(person('p-1', []))).toEqual({
      sql: `(c.participant_ids @> ARRAY[$1]::text[] AND ${hidden})`,
      params: ['p-1'],
    });
    expect(caseListScope(person('p-1', ['staff'], ['j-1'])).sql).toContain(`AND ${hidden}`);
    expect(caseListScope(person('p-1', ['staff'], ['j-1'])).params).toEqual(['p-1', ['j-1']]);
    expect(caseListScope(person('p-1', ['supervisor'], ['j-1'])).sql).toMatch(/jurisdiction_id = ANY/);
  });

  it('lists every case to an admin except those about them or that they are recused from', () => {
    expect(caseListScope(person('p-admin', ['admin']))).toEqual({
      sql: 'NOT (c.target_ids @> ARRAY[$1]::text[] OR c.recused_ids @> ARRAY[$1]::text[])',
      params: ['p-admin'],
    });
  });

  describe('problem lists (no cases row: supervising body and responsible units)', () => {
    const list: RectificationListResource = {
      listId: 'rectification-2026-R001',
      jurisdictionIds: ['u-city-committee', 'u-city-housing', 'u-city-transport'],
      participantIds: ['p-responsible'],
    };
    const allowed = (principal: Principal, action: 'create' | 'read' | 'act' | 'reassign') =>
      canOnList(abilityFor(principal), action, list);

    it.each([
      ['the responsible person without any role', person('p-responsible', []), true],
      ['staff of the supervising body', person('p-1', ['staff'], ['u-city-committee']), true],
      ['an approver supervising a responsible unit', person('p-1', ['approver'], ['u-city-housing']), true],
      ['staff of another jurisdiction', person('p-1', ['staff'], ['u-county-committee']), false],
      ['a supervisor of the supervising body', person('p-1', ['supervisor'], ['u-city-committee']), false],
      ['someone outside the list', person('p-1', []), false],
    ])('lets %s act on its tasks: %s', (_label, principal, expected) => {
      expect(allowed(principal, 'act')).toBe(expected);
    });

    it('lets supervisors of its reach read and reassign, admins read, and nobody else outside read it', () => {
      const supervisor = person('p-1', ['supervisor'], ['u-city-transport']);
      expect([allowed(supervisor, 'read'), allowed(supervisor, 'reassign')]).toEqual([true, true]);
      expect(allowed(person('p-admin', ['admin']), 'read')).toBe(true);
      expect(allowed(person('p-1', ['staff', 'supervisor'], ['u-county-committee']), 'read')).toBe(false);
    });

    it('lets only staff of the supervising body create a list', () => {
      const body: RectificationListResource = {
        listId: 'x',
        jurisdictionIds: ['u-city-committee'],
        participantIds: [],
      };
      const creates = (principal: Principal) => canOnList(abilityFor(principal), 'create', body);
      expect(creates(person('p-1', ['staff'], ['u-city-committee']))).toBe(true);
      expect(creates(person('p-1', ['staff'], ['u-county-committee']))).toBe(false);
      expect(creates(person('p-1', ['approver', 'supervisor', 'admin'], ['u-city-committee']))).toBe(false);
    });
  });
});
