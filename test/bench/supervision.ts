import { Client as PgClient } from 'pg';
import { createDataSource, SupervisionQueries } from '../../libs/persistence/src';
import { insertSyntheticReadModel } from '../../libs/persistence/src/testing/synthetic-read-model';
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
 * The supervision spec's synthetic read model (libs/persistence/src/testing/synthetic-read-model.ts) at any
 * size, written straight into the bench-only database: `rows` cases spread over five years, in chunks so
 * the progress bar moves.
 */
export async function insertReadModel(databaseUrl: string, rows: number, progress: Progress): Promise<void> {
  const db = new PgClient({ connectionString: databaseUrl });
  db.on('error', () => undefined);
  await db.connect();
  const step = Math.max(1, Math.floor(SPAN_SECONDS / rows));
  try {
    progress.step(`writing ${rows.toLocaleString('en')} cases into the bench read model`, rows);
    for (let first = 1; first <= rows; first += CHUNK) {
      const last = Math.min(rows, first + CHUNK - 1);
      await insertSyntheticReadModel((sql) => db.query(sql), {
        from: first,
        to: last,
        origin: new Date(SPAN_END - step * rows * 1000).toISOString(),
        stepSeconds: step,
      });
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
        now,
        idleSince: new Date(now.getTime() - 14 * 86_400_000),
        approvalSince: new Date(now.getTime() - 7 * 86_400_000),
        idleDays: 9,
        approvalDays: 5,
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
