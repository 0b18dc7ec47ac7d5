import { randomUUID } from 'node:crypto';
import { ProblemCode } from '@shuangcha/contracts/http';
import { startGateway, type GatewayHarness } from '../../../test/support/gateway-harness';

const DAY_MS = 24 * 3600 * 1000;
const OWNER = 'p-paged-inbox-owner';

let gw: GatewayHarness;

beforeAll(async () => {
  gw = await startGateway({ worker: false });
});

afterAll(async () => {
  await gw?.close();
});

interface Seeded {
  taskId: string;
  dueAt: string;
  overdue: boolean;
}

/** Open tasks of OWNER straight in the read model: far more than one page, with ties on the due date. */
async function seedInbox(count: number): Promise<Seeded[]> {
  const now = Date.now();
  // A due date with microseconds, shared by many tasks: the cursor must neither round it nor lose a tie.
  const sharedDue = '2099-01-01T00:00:00.123456Z';
  const seeded: Seeded[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 4;
    const dueAt =
      kind === 0
        ? new Date(now - (i + 1) * 3600_000).toISOString()
        : kind === 1
          ? sharedDue
          : new Date(now + i * DAY_MS).toISOString();
    // Marked overdue by escalation while its (extended) due date is still ahead: overdue all the same.
    const warningLevel = kind === 3 ? 'overdue' : 'green';
    const taskId = `t-${randomUUID()}`;
    await gw.dataSource.query(
      `INSERT INTO case_tasks (task_id, case_id, workflow_id, stage, kind, title, assignee_id, candidate_role, allowed_outcomes,
         status, version, created_at, due_at, due_provisional, warning_level, escalation_level, suspended, extension_count, history, projection_version)
       VALUES ($1, 'case-2026-9998', 'case-2026-9998/violation', 'intake', 'decision', 'Register the lead', $2, 'caseOfficer', '["REGISTERED"]',
         'OPEN', 1, now(), $3, false, $4, 0, false, 0, '[]', 1)`,
      [taskId, OWNER, dueAt, warningLevel],
    );
    seeded.push({ taskId, dueAt, overdue: kind === 0 || kind === 3 });
  }
  return seeded;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function walk(token: string, limit: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const res = await gw
      .http()
      .get('/tasks')
      .query({ limit, ...(cursor && { cursor }) })
      .set('authorization', token);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    ids.push(...(res.body.items as { taskId: string }[]).map((t) => t.taskId));
    cursor = res.body.nextCursor as string | undefined;
    pages += 1;
  } while (cursor && pages < 100);
  return { ids, pages };
}

describe('the inbox pages with a cursor', () => {
  it('reaches every one of more than 200 open tasks exactly once, overdue first, then by due date and task id', async () => {
    const seeded = await seedInbox(230);
    const expected = [...seeded]
      .sort((a, b) => Number(b.overdue) - Number(a.overdue) || compare(a.dueAt, b.dueAt) || compare(a.taskId, b.taskId))
      .map((t) => t.taskId);
    const token = await gw.token(OWNER);

    const first = await gw.http().get('/tasks').query({ limit: 200 }).set('authorization', token);
    expect(first.body.items).toHaveLength(200);
    expect(first.body.nextCursor).toEqual(expect.any(String));

    const big = await walk(token, 200);
    expect(big).toEqual({ ids: expected, pages: 2 });
    // Small pages cross the overdue boundary and split the tasks that share one due date.
    const small = await walk(token, 7);
    expect(small.ids).toEqual(expected);
    expect(new Set(small.ids).size).toBe(230);
  });

  it('refuses a cursor it did not issue with 400 VALIDATION_FAILED', async () => {
    const token = await gw.token(OWNER);
    for (const cursor of ['garbage', Buffer.from(JSON.stringify([7, 'not-a-date', 't-x'])).toString('base64url')]) {
      const res = await gw.http().get('/tasks').query({ cursor }).set('authorization', token);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(ProblemCode.ValidationFailed);
    }
  });
});
