import type { DueDateView, Problem } from '@shuangcha/contracts/http';
import { upsertHolidayYear } from '@shuangcha/persistence';
import { startGateway, type GatewayHarness } from '../../../test/support/gateway-harness';
import { DUE_DATES_2026 } from '../../../test/support/state-council-2026-notice';

/**
 * Issue 12 §4a: `GET /calendar/due-date` answers the policy's own arithmetic, checked against the State
 * Council's 2026 notice as transcribed in `test/support/state-council-2026-notice.ts`.
 */
let gw: GatewayHarness;
let staff: string;

beforeAll(async () => {
  gw = await startGateway();
  staff = await gw.token('p-due-date-staff', ['staff'], ['u-county-x']);
});
afterAll(() => gw?.close());

const ask = async (query: string) => {
  const res = await gw.http().get(`/calendar/due-date?${query}`).set('authorization', staff);
  return { status: res.status, body: res.body as DueDateView & Problem };
};

describe('GET /calendar/due-date', () => {
  it.each(DUE_DATES_2026)('$why: $amount $query from $from is due on $due', async ({ from, query, amount, due }) => {
    const { status, body } = await ask(`from=${from}&${query}=${amount}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      from,
      amount,
      dueDate: due,
      dueAt: new Date(`${due}T23:59:59.999+08:00`).toISOString(),
      provisional: false,
      policyVersion: 'dom-2026.1',
      clock: 'real',
      timeScale: 1,
    });
  });

  it('answers the same dates under the compressed policy, on case time', async () => {
    const { status, body } = await ask('from=2026-09-30&workingDays=1&policyVersion=compressed-2026.1');
    expect(status).toBe(200);
    expect(body).toMatchObject({ dueDate: '2026-10-08', policyVersion: 'compressed-2026.1', clock: 'case' });
    expect(body.timeScale).toBeLessThan(1);
  });

  it('flags a due date in a year with no known schedule as provisional, counted on weekdays', async () => {
    const { body } = await ask('from=2099-12-31&workingDays=1');
    expect(body).toMatchObject({ dueDate: '2100-01-01', provisional: true });
  });

  it('counts on a year’s schedule from the first request after it is imported', async () => {
    expect((await ask('from=2099-12-31&workingDays=1')).body).toMatchObject({ dueDate: '2100-01-01' });
    await upsertHolidayYear(gw.dataSource.manager, {
      year: 2100,
      schedule: { year: 2100, holidays: ['2100-01-01'], makeUpWorkdays: [], source: 'a notice for 2100' },
      source: 'a notice for 2100',
      importedBy: 'p-admin',
      importedAt: new Date(),
    });
    // 2100-01-01 is a Friday: with it a holiday, one working day after 2099-12-31 ends on Monday.
    expect((await ask('from=2099-12-31&workingDays=1')).body).toMatchObject({
      dueDate: '2100-01-04',
      provisional: false,
    });
  });

  it.each([
    ['no period', 'from=2026-09-30'],
    ['two periods', 'from=2026-09-30&workingDays=1&months=1'],
    ['a date that does not exist', 'from=2026-02-30&workingDays=1'],
    ['zero working days', 'from=2026-09-30&workingDays=0'],
  ])('refuses %s with 400', async (_name, query) => {
    const { status, body } = await ask(query);
    expect(status).toBe(400);
    expect(body.code).toBe('VALIDATION_FAILED');
  });

  it('refuses an unknown policy version with 422 POLICY_NOT_ALLOWED', async () => {
    const { status, body } = await ask('from=2026-09-30&workingDays=1&policyVersion=nope-1');
    expect(status).toBe(422);
    expect(body.code).toBe('POLICY_NOT_ALLOWED');
  });
});
