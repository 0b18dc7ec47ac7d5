import { Pool } from 'pg';
import type { AppStack } from '../../support/app-stack';
import { eventually } from '../../e2e/support/eventually';
import { personClient, type PersonClient } from '../../e2e/support/http-client';
import { decision, JURISDICTION, PEOPLE, type Answer } from './fault-client';
import { FAULT_POLLER_MAX_AGE_S, startFaultAppStack, startFaultServers, type FaultServers } from './fault-servers';

/** What every fault file works with: its own servers, the app stack on them, two officers and the database. */
export interface FaultWorld {
  servers: FaultServers;
  stack: AppStack;
  /** The case-management officer, who opens cases and decides their intake. */
  cmo: PersonClient;
  /** The case officer, whose inbox the next task of a registered case reaches. */
  officer: PersonClient;
  pool: Pool;
  decide(taskId: string, version: number, key: string, outcome?: string): Promise<Answer>;
  /** Polls until the gateway's Idempotency-Key row exists: the request is past its database work. */
  keyReserved(key: string): Promise<void>;
  untilReady(what: string): Promise<void>;
  expectAuditVerifies(caseIds: string[]): Promise<void>;
}

/**
 * Registers the file's beforeAll/afterAll and answers the world they fill. `env` adds to the gateway's and
 * worker's environment (a function where it needs something found at start, such as a free port); every
 * file keeps the poller timeout short enough for /ready to notice a dead worker.
 */
export function useFaultWorld(env: NodeJS.ProcessEnv | (() => Promise<NodeJS.ProcessEnv>)): FaultWorld {
  const world = {} as FaultWorld;

  beforeAll(async () => {
    world.servers = await startFaultServers();
    const extra = typeof env === 'function' ? await env() : env;
    world.stack = await startFaultAppStack({ READY_POLLER_MAX_AGE_S: String(FAULT_POLLER_MAX_AGE_S), ...extra });
    world.cmo = await personClient(world.stack, PEOPLE.caseManagementOfficer, ['staff'], [JURISDICTION]);
    world.officer = await personClient(world.stack, PEOPLE.caseOfficer, ['staff'], [JURISDICTION]);
    world.pool = new Pool({ connectionString: world.stack.databaseUrl, max: 2 });
    // An idle connection a stopped server closes must not end the test process.
    world.pool.on('error', () => undefined);
  }, 240_000);

  afterAll(async () => {
    await world.pool?.end();
    await world.stack?.stop();
    await world.servers?.stop();
  });

  world.decide = (taskId, version, key, outcome) =>
    world.cmo.post(`/tasks/${taskId}/decision`, decision(version, outcome), key) as Promise<Answer>;
  world.keyReserved = async (key) => {
    await eventually(async () => {
      const { rowCount } = await world.pool.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [key]);
      return rowCount === 1 ? true : undefined;
    }, `the request with Idempotency-Key ${key} to reach the gateway`);
  };
  world.untilReady = async (what) => {
    await eventually(
      async () => ((await fetch(`${world.stack.baseUrl}/ready`)).status === 200 ? true : undefined),
      `/ready ${what}`,
      90_000,
    );
  };
  world.expectAuditVerifies = async (caseIds) => {
    for (const caseId of caseIds) {
      const verified = await world.cmo.get<{ ok: boolean }>(`/cases/${caseId}/audit/verify`);
      expect({ caseId, status: verified.status, ok: verified.body.ok }).toEqual({ caseId, status: 200, ok: true });
    }
  };
  return world;
}
