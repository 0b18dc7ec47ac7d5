import type { DataSource } from 'typeorm';
import sampleOrg from '../../../../infra/seed/sample-org.json';
import { createDataSource } from '../create-data-source';
import { TenureEntity } from '../entities/org-model.entity';
import { runMigrations } from '../schema';
import { asRole, createTestDatabase, type TestDatabase } from '../testing/test-database';
import { OrgRepository } from './org.repository';
import { loadSampleOrgIfEmpty } from './sample-org.seed';

describe('OrgRepository', () => {
  let db: TestDatabase;
  let app: DataSource;
  let repository: OrgRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    await runMigrations(db.url);
    // As the app role, so the migration's grants are proven sufficient too.
    app = await createDataSource(asRole(db.url, 'shuangcha_app')).initialize();
    repository = new OrgRepository(app);
  });

  afterAll(async () => {
    await app?.destroy();
    await db.drop();
  });

  it('loads the sample org on first start and leaves a stored model alone afterwards', async () => {
    await expect(repository.isEmpty()).resolves.toBe(true);
    const first = await loadSampleOrgIfEmpty(app);
    expect(first).toMatchObject({
      loaded: true,
      counts: {
        persons: sampleOrg.persons.length,
        units: sampleOrg.units.length,
        tenures: sampleOrg.tenures.length,
        meetingDecisions: 5,
      },
    });
    await expect(loadSampleOrgIfEmpty(app)).resolves.toEqual({ loaded: false, counts: null });
    expect(await app.getRepository(TenureEntity).count()).toBe(sampleOrg.tenures.length);
  });

  it('reads the sample org back exactly as imported, order and optional fields included', async () => {
    const loaded = await repository.loadSnapshot(sampleOrg.asOf);
    expect(loaded).toEqual(sampleOrg);
  });

  it('stamps the requested day as asOf without dropping history', async () => {
    const loaded = await repository.loadSnapshot('2023-01-01');
    expect(loaded.asOf).toBe('2023-01-01');
    expect(loaded.tenures).toHaveLength(sampleOrg.tenures.length);
  });

  it('reports every bad row and changes nothing when any row is bad', async () => {
    const bad = structuredClone(sampleOrg) as typeof sampleOrg;
    bad.bodies[0].unitId = 'u-nowhere';
    bad.tenures.push({
      personId: 'p-0099',
      positionId: 'pos-health-secretary',
      from: '2021-01-01',
      to: null,
      acting: true,
    });
    bad.units[0].parentId = 'u-county-health';
    bad.persons = bad.persons.filter((p) => p.id !== 'p-0043');

    const result = await repository.replaceOrg(bad);

    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((p) => `${p.code}@${p.path}`)).toEqual(
      expect.arrayContaining([
        'UNKNOWN_UNIT@bodies[0]',
        `UNKNOWN_PERSON@tenures[${sampleOrg.tenures.length}]`,
        `SINGLE_HOLDER_OVERLAP@tenures[${sampleOrg.tenures.length}]`,
        'UNIT_CYCLE@units[0]',
        'UNKNOWN_PERSON@tenures[46]',
        'UNKNOWN_PERSON@managedBy[26]',
      ]),
    );
    await expect(repository.loadSnapshot(sampleOrg.asOf)).resolves.toEqual(sampleOrg);
  });

  it('rejects a malformed document with the path of each bad field', async () => {
    const result = await repository.replaceOrg({
      ...sampleOrg,
      tenures: [{ personId: 'p-0001', positionId: 'pos-cc-secretary', from: '2019/01/01', to: null }],
    });
    expect(result).toEqual({
      ok: false,
      problems: expect.arrayContaining([
        expect.objectContaining({ code: 'INVALID_STRUCTURE', path: 'tenures[0]', field: 'from' }),
        expect.objectContaining({ code: 'INVALID_STRUCTURE', path: 'tenures[0]', field: 'acting' }),
      ]),
    });
  });

  it('replaces the whole model with a valid one', async () => {
    const smaller = {
      ...structuredClone(sampleOrg),
      meetingDecisions: [],
      portfolios: sampleOrg.portfolios.slice(0, 2),
    };
    await expect(repository.replaceOrg(smaller)).resolves.toMatchObject({
      ok: true,
      counts: { meetingDecisions: 0, portfolios: 2, persons: sampleOrg.persons.length },
    });
    await expect(repository.loadSnapshot(sampleOrg.asOf)).resolves.toEqual(smaller);
    await expect(repository.replaceOrg(sampleOrg)).resolves.toMatchObject({ ok: true });
  });
});
