import { randomUUID } from 'node:crypto';
import { shanghaiLocalDate } from '@shuangcha/domain/calendar';
import {
  listAudit,
  loadSampleOrgIfEmpty,
  OrgRepository,
  orgSnapshotHash,
  redactedOrgSnapshot,
} from '@shuangcha/persistence';
import { startGateway, type GatewayHarness } from '../../../test/support/gateway-harness';

let gw: GatewayHarness;

beforeAll(async () => {
  gw = await startGateway({
    env: { DIRECTORY: 'org', ADMIN_PERSON_IDS: 'p-0011' },
    beforeApp: async (ds) => {
      await loadSampleOrgIfEmpty(ds);
    },
  });
});
afterAll(() => gw?.close());

describe('roles from the org model (DIRECTORY=org, sample org loaded)', () => {
  it('makes a case-management officer a supervisor of her commission’s jurisdiction, whatever the token claims', async () => {
    const token = await gw.token('p-0032', [], []);
    const res = await gw.http().get('/supervision/stalled').set('authorization', token);
    expect(res.status).toBe(200);
    const calendar = await gw
      .http()
      .post('/admin/calendar/years')
      .set('authorization', await gw.token('p-0032', ['admin'], []))
      .set('idempotency-key', `k-${randomUUID()}`)
      .send({ years: [{ year: 2027, holidays: ['2027-13-01'], makeUpWorkdays: [], source: 'x' }] });
    expect(calendar.status).toBe(403);
  });

  it('keeps an investigator out of the supervision views', async () => {
    const res = await gw
      .http()
      .get('/supervision/overdue')
      .set('authorization', await gw.token('p-0028', ['supervisor'], ['u-county-committee']));
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it('grants admin to the configured person ids only', async () => {
    const res = await gw
      .http()
      .post('/admin/calendar/years')
      .set('authorization', await gw.token('p-0011'))
      .set('idempotency-key', `k-${randomUUID()}`)
      .send({ years: [{ year: 2027, holidays: ['2027-13-01'], makeUpWorkdays: [], source: 'x' }] });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('CALENDAR_INVALID');
  });

  it('records the old and new snapshot hashes when an admin replaces the org model', async () => {
    const repository = new OrgRepository(gw.dataSource);
    const asOf = shanghaiLocalDate(Date.now());
    const storedHash = async () => orgSnapshotHash(redactedOrgSnapshot(await repository.loadSnapshot(asOf)));
    const admin = await gw.token('p-0011');
    const exported = await gw.http().get('/org').set('authorization', admin);
    expect(exported.status).toBe(200);
    const before = await storedHash();
    const model = exported.body as { meetingDecisions: unknown[] };
    const replaced = await gw
      .http()
      .put('/org')
      .set('authorization', admin)
      .send({ ...model, meetingDecisions: model.meetingDecisions.slice(0, -1) });
    expect(replaced.status).toBe(200);
    const after = await storedHash();
    expect(after).not.toBe(before);
    expect((await listAudit(gw.dataSource, 'org')).filter((e) => e.action === 'ORG_MODEL_REPLACED')).toEqual([
      expect.objectContaining({
        actorId: 'p-0011',
        before: { snapshotHash: before },
        after: expect.objectContaining({ snapshotHash: after, asOf }),
      }),
    ]);
  });
});
