import { aCountyUnit } from './org-snapshot.builder';
import {
  currentManagingBody,
  jurisdictionUnitFor,
  leadingBodyFor,
  partyBodyFor,
  tenuresOverlapping,
} from './org-queries';

describe('org queries', () => {
  const snapshot = aCountyUnit()
    .withUnit('u-a-division', 'u-a', 'internalDivision')
    .withTenure('p-old', 'pos-a-secretary', '2019-01-01', '2021-03-31')
    .withTenure('p-new', 'pos-a-secretary', '2021-04-01', null, true)
    .withTenure('p-member', 'pos-a-member', '2018-01-01', null)
    .withManagedBy('p-old', 'b-county', '2019-01-01', '2021-03-31')
    .withManagedBy('p-old', 'b-a-pg', '2021-04-01', null)
    .build();

  it('finds the party body of a unit without one by walking up to its parent', () => {
    expect(partyBodyFor(snapshot, 'u-a-division')?.id).toBe('b-a-pg');
    expect(partyBodyFor(snapshot, 'u-a')?.id).toBe('b-a-pg');
    expect(partyBodyFor(snapshot, 'u-commission')?.id).toBe('b-county');
    expect(partyBodyFor(snapshot, 'u-unknown')).toBeNull();
  });

  it('returns the managing body on the given day, not an earlier one', () => {
    expect(currentManagingBody(snapshot, 'p-old', '2021-03-31')).toBe('b-county');
    expect(currentManagingBody(snapshot, 'p-old', '2026-01-01')).toBe('b-a-pg');
    expect(currentManagingBody(snapshot, 'p-member', '2026-01-01')).toBeNull();
  });

  it('lists tenures on the filtered posts meeting the overlap threshold, acting included', () => {
    const onSecretary = tenuresOverlapping(
      snapshot,
      (position) => position.role === 'secretary',
      { from: '2021-01-01', to: '2021-06-30' },
      90,
    );
    expect(onSecretary.map((t) => [t.tenure.personId, t.overlapDays])).toEqual([
      ['p-old', 90],
      ['p-new', 91],
    ]);
  });

  it('names the leading party body and the committee with jurisdiction', () => {
    expect(leadingBodyFor(snapshot, 'b-a-pg')?.id).toBe('b-county');
    expect(leadingBodyFor(snapshot, 'b-a-dg')?.id).toBe('b-county');
    expect(leadingBodyFor(snapshot, 'b-county')).toBeNull();
    expect(jurisdictionUnitFor(snapshot, 'u-a-division')).toBe('u-county');
  });
});
