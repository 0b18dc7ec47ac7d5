import { Client as PgClient } from 'pg';
import { createDataSource, SupervisionQueries } from '../../libs/persistence/src';
import type { AppStack } from '../support/app-stack';
import { personClient } from '../e2e/support/http-client';
import { latency, timedPool } from './measure';
import type { Progress } from './progress';
import type { BenchResults, SupervisionRoute } from './results';

const CHUNK = 100_000;
/** The synthetic cases span five years up to this instant; stalled, overdue and stats all find rows. */
const SPAN_END = Date.parse('2026-11-01T00:00:00Z');
const SPAN_SECONDS = 5 * 365 * 86_400;
const VIEWER = 'p-bench-supervisor';

/**
 * The read model of a provincial backlog, written straight into a bench-only database with generate_series
 * (the shape of supervision.queries.int-spec.ts, at any size): `rows` cases over 20 jurisdictions and 200
 * units, three tasks each (the third open and mostly overdue), an escalation notice for every third case.
 */
export async function insertReadModel(databaseUrl: string, rows: number, progress: Progress): Promise<void> {
  const db = new PgClient({ connectionString: databaseUrl });
  db.on('error', () => undefined);
  await db.connect();
  const step = Math.max(1, Math.floor(SPAN_SECONDS / rows));
  const at = (offset: string) =>
    `(to_timestamp(${(SPAN_END / 1000 - step * rows).toFixed(0)}) + i * interval '${step} seconds' + ${offset})`;
  try {
    progress.step(`writing ${rows.toLocaleString('en')} cases into the bench read model`, rows);
    for (let first = 1; first <= rows; first += CHUNK) {
      const last = Math.min(rows, first + CHUNK - 1);
      await db.query(`
        INSERT INTO cases (case_id, case_no, kind, unit_id, jurisdiction_id, stage, status, policy_version, opened_by,
                           opened_at, deadline_at, overdue, escalation_level, last_activity_at, closed_at,
                           participant_ids, projection_version)
        SELECT 'case-' || i, 'S-' || i, 'violation', 'u-' || (i % 200), 'j-' || (i % 20),
               (ARRAY['intake','clueDisposal','filing','investigation','trialReview','closing'])[1 + i % 6],
               CASE WHEN i % 10 = 0 THEN 'CLOSED' ELSE 'OPEN' END, 'dom-2026.1', 'p-0032',
               ${at(`interval '0 days'`)}, ${at(`interval '19 days'`)}, i % 7 = 0, i % 4,
               ${at(`interval '4 days'`)}, NULL, ARRAY['p-0032'], 1
          FROM generate_series(${first}, ${last}) AS i`);
      await db.query(`
        INSERT INTO case_tasks (task_id, case_id, workflow_id, stage, kind, title, assignee_id, candidate_role,
                                allowed_outcomes, status, version, created_at, due_at, due_provisional, warning_level,
                                escalation_level, suspended, extension_count, outcome, decided_by, decided_at, history,
                                projection_version)
        SELECT 't-' || i || '-' || k, 'case-' || i, 'case-' || i || '/violation',
               (ARRAY['intake','clueDisposal','filing'])[k], 'decision', 'task', 'p-' || (i % 50), 'caseOfficer', '[]',
               CASE WHEN k < 3 THEN 'DECIDED' ELSE 'OPEN' END, 1,
               ${at(`k * interval '3 days'`)}, ${at(`k * interval '10 days'`)},
               false, 'green', 0, false, 0,
               CASE WHEN k < 3 THEN 'DONE' END, CASE WHEN k < 3 THEN 'p-1' END,
               CASE WHEN k < 3 THEN ${at(`k * interval '3 days' + (i % 13) * interval '1 day'`)} END,
               '[]', 1
          FROM generate_series(${first}, ${last}) AS i, generate_series(1, 3) AS k`);
      await db.query(`
        INSERT INTO case_notifications (notification_key, notification_id, case_id, task_id, kind, level,
                                        recipient_role, recipient_id, at)
        SELECT 'n-' || i, 'n-' || md5('n-' || i), 'case-' || i, 't-' || i || '-3', 'escalation', 2, 'superior', 'p-1',
               ${at(`interval '12 days'`)}
          FROM generate_series(${first}, ${last}) AS i WHERE i % 3 = 1`);
      progress.tick(last - first + 1);
    }
    progress.step('ANALYZE');
    await db.query('ANALYZE');
  } finally {
    await db.end();
  }
}

/** Each route's request as a supervisor of some jurisdictions would send it, and the same query without HTTP. */
const ROUTES: Record<
  SupervisionRoute,
  { jurisdictions: string[]; path: string; direct: (q: SupervisionQueries, now: Date) => Promise<unknown> }
> = {
  stalled: {
    jurisdictions: ['j-3'],
    path: '/supervision/stalled?limit=50',
    direct: (q, now) =>
      q.stalledCases({
        jurisdictionIds: ['j-3'],
        viewerId: VIEWER,
        idleSince: new Date(now.getTime() - 14 * 86_400_000),
        limit: 50,
      }),
  },
  overdue: {
    jurisdictions: ['j-1', 'j-2'],
    path: '/supervision/overdue?limit=100',
    direct: (q, now) => q.overdueTasks({ jurisdictionIds: ['j-1', 'j-2'], viewerId: VIEWER, now, limit: 100 }),
  },
  stats: {
    jurisdictions: ['j-1'],
    path: '/supervision/stats?from=2024-01-01&to=2024-03-31',
    direct: (q) =>
      q.stats({
        jurisdictionIds: ['j-1'],
        viewerId: VIEWER,
        from: new Date('2023-12-31T16:00:00Z'),
        to: new Date('2024-03-31T16:00:00Z'),
      }),
  },
};

/** p50/p95 of each supervision route over HTTP, one request at a time, beside the same query sent directly. */
export async function measureSupervision(
  stack: AppStack,
  rows: number,
  repeats: number,
  progress: Progress,
): Promise<NonNullable<BenchResults['supervision']>> {
  const ds = await createDataSource(stack.databaseUrl).initialize();
  const queries = new SupervisionQueries(ds);
  const routes = {} as NonNullable<BenchResults['supervision']>['routes'];
  try {
    for (const [route, spec] of Object.entries(ROUTES) as [SupervisionRoute, (typeof ROUTES)[SupervisionRoute]][]) {
      const supervisor = await personClient(stack, VIEWER, ['supervisor'], spec.jurisdictions);
      const get = async () => {
        const res = await supervisor.get(spec.path);
        if (res.status !== 200) throw new Error(`GET ${spec.path}: ${res.status} ${JSON.stringify(res.body)}`);
      };
      const runs = Array.from({ length: repeats }, (_, i) => i);
      for (let i = 0; i < 3; i++) await get();
      progress.step(`GET ${spec.path} x ${repeats}`, repeats);
      const http = await timedPool(runs, 1, get, () => progress.tick());
      for (let i = 0; i < 3; i++) await spec.direct(queries, new Date());
      progress.step(`the same query without HTTP x ${repeats}`, repeats);
      const direct = await timedPool(
        runs,
        1,
        () => spec.direct(queries, new Date()),
        () => progress.tick(),
      );
      routes[route] = { http: latency(http.durations), direct: latency(direct.durations) };
    }
  } finally {
    await ds.destroy();
  }
  return { rows, routes };
}
