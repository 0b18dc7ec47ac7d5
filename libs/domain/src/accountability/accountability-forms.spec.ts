import {
  decidingAuthority,
  determinationsFor,
  measuresProblems,
  organizationCoverageWarnings,
  type AccountabilityMeasures,
} from './accountability-forms';

const measures = (patch: Partial<AccountabilityMeasures>): AccountabilityMeasures => ({
  forms: [],
  modifiers: [],
  ...patch,
});

describe('accountability forms', () => {
  it('accepts combinable cadre forms with an org adjustment option and a heavier modifier', () => {
    expect(
      measuresProblems(
        'person',
        measures({
          forms: ['CIRCULATE', 'ORG_ADJUSTMENT'],
          orgAdjustmentOption: 'REASSIGN',
          modifiers: [{ kind: 'HEAVIER', text: 'ignored repeated orders' }],
        }),
      ),
    ).toEqual([]);
  });

  it('rejects organization forms for a cadre and cadre forms for an organization', () => {
    expect(measuresProblems('person', measures({ forms: ['INSPECTION'] }))).toEqual([
      expect.stringContaining('form INSPECTION does not apply to a cadre'),
    ]);
    expect(measuresProblems('organization', measures({ forms: ['ADMONISH'] }))).toEqual([
      expect.stringContaining('form ADMONISH does not apply to a party organization'),
    ]);
  });

  it('requires an option for ORG_ADJUSTMENT and refuses one without it', () => {
    expect(measuresProblems('person', measures({ forms: ['ORG_ADJUSTMENT'] }))).toEqual([
      expect.stringContaining('ORG_ADJUSTMENT needs one of'),
    ]);
    expect(measuresProblems('person', measures({ forms: ['ADMONISH'], orgAdjustmentOption: 'DEMOTE' }))).toEqual([
      'orgAdjustmentOption is only for ORG_ADJUSTMENT',
    ]);
  });

  it('requires a form unless exempted, and an exemption needs an AR art. 17 ground and no form', () => {
    expect(measuresProblems('person', measures({}))).toEqual([expect.stringContaining('at least one form')]);
    expect(
      measuresProblems(
        'person',
        measures({ modifiers: [{ kind: 'EXEMPT', ground: 'DISSENT_RECORDED', text: 'objected in md-0001' }] }),
      ),
    ).toEqual([]);
    expect(measuresProblems('person', measures({ modifiers: [{ kind: 'EXEMPT', text: 'x' }] }))).toEqual([
      'EXEMPT needs an AR art. 17 ground',
    ]);
    expect(
      measuresProblems(
        'person',
        measures({ forms: ['CIRCULATE'], modifiers: [{ kind: 'EXEMPT', ground: 'FORCE_MAJEURE', text: 'flood' }] }),
      ),
    ).toEqual(['an exempted target receives no form']);
  });

  it('refuses duplicate forms, contradictory modifiers and modifiers without text', () => {
    expect(
      measuresProblems(
        'person',
        measures({
          forms: ['CIRCULATE', 'CIRCULATE'],
          modifiers: [
            { kind: 'LIGHTER', text: ' ' },
            { kind: 'HEAVIER', text: 'impact' },
          ],
        }),
      ),
    ).toEqual([
      'form CIRCULATE is listed twice',
      'LIGHTER and HEAVIER exclude each other',
      'modifier LIGHTER needs a text',
    ]);
  });

  it('lets the commission decide circulate and admonish itself but only propose an org adjustment', () => {
    expect(decidingAuthority('person', measures({ forms: ['CIRCULATE', 'ADMONISH'] }), false).authority).toBe(
      'commission',
    );
    expect(decidingAuthority('organization', measures({ forms: ['INSPECTION', 'CIRCULATE'] }), false).authority).toBe(
      'commission',
    );
    const adjustment = decidingAuthority(
      'person',
      measures({ forms: ['ADMONISH', 'ORG_ADJUSTMENT'], orgAdjustmentOption: 'REASSIGN' }),
      false,
    );
    expect(adjustment).toEqual({
      authority: 'managingBody',
      reason: expect.stringContaining('only proposes ORG_ADJUSTMENT'),
    });
    expect(decidingAuthority('organization', measures({ forms: ['REORGANIZE'] }), false).authority).toBe(
      'managingBody',
    );
  });

  it('sends every measure for a target managed in another jurisdiction to that managing body', () => {
    expect(decidingAuthority('person', measures({ forms: ['CIRCULATE'] }), true).authority).toBe('managingBody');
  });

  it('offers no DIRECT determination for an organization', () => {
    expect(determinationsFor('organization')).toEqual(['NONE', 'MAIN_LEADERSHIP', 'IMPORTANT_LEADERSHIP']);
    expect(determinationsFor('person')).toContain('DIRECT');
  });

  it('warns when an organization is held accountable and none of its members is under review', () => {
    expect(organizationCoverageWarnings('organization', measures({ forms: ['INSPECTION'] }), 0)).toHaveLength(1);
    expect(organizationCoverageWarnings('organization', measures({ forms: ['INSPECTION'] }), 2)).toEqual([]);
    expect(organizationCoverageWarnings('person', measures({ forms: ['CIRCULATE'] }), 0)).toEqual([]);
  });
});
