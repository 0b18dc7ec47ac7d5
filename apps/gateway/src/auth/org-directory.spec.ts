import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseOrgSnapshot, type OrgSnapshot } from '@shuangcha/domain/org';
import type { Directory } from './directory';
import { ClaimsDirectory } from './directory';
import { OrgDirectory, principalFromOrg, type OrgSource } from './org-directory';

const sampleOrg = (): OrgSnapshot => {
  const parsed = parseOrgSnapshot(
    JSON.parse(readFileSync(resolve(__dirname, '../../../../infra/seed/sample-org.json'), 'utf8')),
  );
  if ('problems' in parsed) throw new Error(JSON.stringify(parsed.problems));
  return parsed.snapshot;
};
const AS_OF = '2026-03-31';

describe('principalFromOrg on the sample org', () => {
  const org = sampleOrg();
  it.each([
    ['the city commission secretary', 'p-0003', ['approver'], ['u-city-committee', 'u-county-committee']],
    ['a county case-management officer', 'p-0032', ['staff', 'supervisor'], ['u-county-committee']],
    ['a county investigator', 'p-0028', ['staff'], ['u-county-committee']],
    ['a resident group leader', 'p-0016', ['approver'], ['u-city-housing', 'u-city-transport']],
    ['an enterprise commission deputy', 'p-0021', ['approver'], ['u-city-ctig']],
    ['the city party secretary (no discipline post)', 'p-0001', [], []],
  ])('gives %s roles and jurisdictions from current tenures', (_label, personId, roles, jurisdictions) => {
    expect(principalFromOrg(org, personId, AS_OF, [])).toEqual({ personId, roles, jurisdictionIds: jurisdictions });
  });

  it('ignores tenures that ended or have not started', () => {
    expect(principalFromOrg(org, 'p-0032', '2021-02-28', []).roles).toEqual([]);
    const ended: OrgSnapshot = {
      ...org,
      tenures: org.tenures.map((t) => (t.personId === 'p-0028' ? { ...t, to: '2025-12-31' } : t)),
    };
    expect(principalFromOrg(ended, 'p-0028', AS_OF, [])).toEqual({
      personId: 'p-0028',
      roles: [],
      jurisdictionIds: [],
    });
  });

  it('adds admin from the configured list only', () => {
    expect(principalFromOrg(org, 'p-0011', AS_OF, ['p-0011']).roles).toEqual(['staff', 'admin']);
    expect(principalFromOrg(org, 'p-0010', AS_OF, ['p-0011']).roles).toEqual(['staff']);
  });
});

describe('OrgDirectory', () => {
  const claims = { sub: 'p-0032', roles: ['admin'], jurisdictions: ['j-forged'] };
  const source = (snapshot: OrgSnapshot | null): OrgSource & { loads: number } => {
    const s = {
      loads: 0,
      isEmpty: () => Promise.resolve(snapshot === null),
      loadSnapshot: () => {
        s.loads += 1;
        return Promise.resolve(snapshot as OrgSnapshot);
      },
    };
    return s;
  };
  const now = () => Date.parse('2026-03-31T04:00:00Z');

  it('takes roles from the org model, not from the token claims', async () => {
    const directory = new OrgDirectory(source(sampleOrg()), new ClaimsDirectory(), {
      adminPersonIds: [],
      fallback: new ClaimsDirectory(),
      ttlMs: 60_000,
      now,
    });
    await expect(directory.principalFor(claims)).resolves.toEqual({
      personId: 'p-0032',
      roles: ['staff', 'supervisor'],
      jurisdictionIds: ['u-county-committee'],
    });
  });

  it('reloads the org model only after the cache expires', async () => {
    const org = source(sampleOrg());
    let t = now();
    const directory = new OrgDirectory(org, new ClaimsDirectory(), {
      adminPersonIds: [],
      fallback: null,
      ttlMs: 60_000,
      now: () => t,
    });
    await Promise.all([directory.principalFor(claims), directory.principalFor(claims)]);
    t += 30_000;
    await directory.principalFor(claims);
    expect(org.loads).toBe(1);
    t += 31_000;
    await directory.principalFor(claims);
    expect(org.loads).toBe(2);
  });

  it('falls back to the claims on an empty org model only when given a fallback (dev issuer)', async () => {
    const withFallback = new OrgDirectory(source(null), new ClaimsDirectory(), {
      adminPersonIds: [],
      fallback: new ClaimsDirectory(),
      ttlMs: 1,
      now,
    });
    expect((await withFallback.principalFor(claims)).roles).toEqual(['admin']);
    const strict = new OrgDirectory(source(null), new ClaimsDirectory(), {
      adminPersonIds: ['p-0032'],
      fallback: null,
      ttlMs: 1,
      now,
    });
    await expect(strict.principalFor(claims)).resolves.toEqual({
      personId: 'p-0032',
      roles: ['admin'],
      jurisdictionIds: [],
    });
  });

  it('answers from the last loaded org model while the database is away, and from nothing before a first load', async () => {
    let t = now();
    let down = false;
    const org = source(sampleOrg());
    const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const flaky: OrgSource = {
      isEmpty: () => (down ? Promise.reject(refused()) : org.isEmpty()),
      loadSnapshot: (asOf) => org.loadSnapshot(asOf),
    };
    const options = { adminPersonIds: [], fallback: null, ttlMs: 1_000, now: () => t };
    const directory = new OrgDirectory(flaky, new ClaimsDirectory(), options);
    const before = await directory.principalFor(claims);
    down = true;
    t += 5_000;
    await expect(directory.principalFor(claims)).resolves.toEqual(before);
    const neverLoaded = new OrgDirectory(flaky, new ClaimsDirectory(), options);
    await expect(neverLoaded.principalFor(claims)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('still rejects a token whose subject is not a person id', async () => {
    const identity: Directory = new ClaimsDirectory();
    const directory = new OrgDirectory(source(sampleOrg()), identity, {
      adminPersonIds: [],
      fallback: null,
      ttlMs: 1,
      now,
    });
    await expect(directory.principalFor({ sub: 'Robert; DROP' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
