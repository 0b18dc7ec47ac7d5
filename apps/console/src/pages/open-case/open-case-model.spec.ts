import { describe, expect, it } from '@jest/globals';
import { placeErrors, unitTree, type JurisdictionUnit } from './open-case-model';

const unit = (id: string, parentId: string | null): JurisdictionUnit => ({
  id,
  name: id,
  parentId,
  kind: 'department',
  jurisdictionId: 'u-county-committee',
  members: [],
});

describe('placeErrors', () => {
  it('puts each API error on its field, or on the role the participants table shows', () => {
    const placed = placeErrors([
      { path: 'misconductIntervals.1.to', message: 'must not be before from' },
      { path: 'subjectIds.0', message: 'is a participant' },
      { path: 'subjectIds.1', message: 'unknown person' },
      { path: 'indicators.misconductMonths', message: 'too big' },
      { path: 'participants.trialReviewerIds.1', message: 'not in the trial office' },
      { path: 'participants.caseOfficerId', message: 'not an investigator' },
      { path: 'policyVersion', message: 'not allowed' },
    ]);
    expect(placed.fields).toEqual([
      { name: ['misconductIntervals', 1, 'to'], errors: ['must not be before from'] },
      { name: ['subjectIds'], errors: ['is a participant', 'unknown person'] },
      { name: ['indicators', 'misconductMonths'], errors: ['too big'] },
      { name: ['caseOfficerId'], errors: ['not an investigator'] },
    ]);
    expect(placed.roles).toEqual({ trialReviewers: ['not in the trial office'] });
  });
});

describe('unitTree', () => {
  it('nests units under their parents and keeps the order the API gave', () => {
    const tree = unitTree([unit('u-top', null), unit('u-a', 'u-top'), unit('u-a1', 'u-a'), unit('u-b', 'u-top')]);
    expect(tree.map((n) => n.value)).toEqual(['u-top']);
    expect(tree[0].children.map((n) => n.value)).toEqual(['u-a', 'u-b']);
    expect(tree[0].children[0].children.map((n) => n.value)).toEqual(['u-a1']);
  });
});
