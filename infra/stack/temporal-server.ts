import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { Client as PgClient } from 'pg';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../../libs/contracts/src/search-attributes';
import { temporalServerPath, temporalSqlToolPath } from './paths';
import { freePort, freePortInRange, waitFor } from './ports';
import { stopChild, type RunningTemporal } from './temporal';

const CONFIG_ROOT = resolve(__dirname, '../temporal');
const PERSISTENCE_DB = 'temporal';
const VISIBILITY_DB = 'temporal_visibility';

const { IndexedValueType } = temporal.api.enums.v1;
const INDEXED_TYPE: Record<
  (typeof SEARCH_ATTRIBUTE_DEFINITIONS)[number]['temporalType'],
  temporal.api.enums.v1.IndexedValueType
> = {
  Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  KeywordList: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
  Datetime: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  Bool: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  Int: IndexedValueType.INDEXED_VALUE_TYPE_INT,
};
/** A value of each type, for a visibility query that names every search attribute. */
const PROBE_VALUE: Record<(typeof SEARCH_ATTRIBUTE_DEFINITIONS)[number]['temporalType'], string> = {
  Keyword: "'probe'",
  KeywordList: "'probe'",
  Datetime: "'2000-01-01T00:00:00Z'",
  Bool: 'false',
  Int: '0',
};

/**
 * The Temporal server itself (`go.temporal.io/server`, built by infra/provision.sh) on PostgreSQL, as a
 * cluster runs it: persistence and visibility in databases of their own on the given server, created and
 * migrated by Temporal's SQL schema tool; one process runs frontend, history, matching and the internal
 * worker from infra/temporal/config/postgres.yaml; the namespace is registered with a retention period and
 * the search attributes through the operator API, as on a production cluster.
 */
export async function startTemporalServer(opts: {
  /** Any database on the PostgreSQL server; its user must be able to create databases. */
  postgresUrl: string;
  port: number;
  namespace: string;
  /** How long closed workflows' histories are kept (the read model keeps every case regardless). */
  retentionDays?: number;
  log?: (line: string) => void;
}): Promise<RunningTemporal> {
  for (const bin of [temporalServerPath(), temporalSqlToolPath()]) {
    if (!existsSync(bin)) throw new Error(`${bin} is missing: run infra/provision.sh`);
  }
  const pg = new URL(opts.postgresUrl);
  await createDatabases(pg);
  for (const [database, schema] of [
    [PERSISTENCE_DB, 'postgresql/v12/temporal'],
    [VISIBILITY_DB, 'postgresql/v12/visibility'],
  ] as const) {
    await migrateSchema(pg, database, schema);
  }
  const ports = await distinctFreePorts(opts.port, [
    'TEMPORAL_FRONTEND_HTTP_PORT',
    'TEMPORAL_FRONTEND_MEMBERSHIP_PORT',
    'TEMPORAL_HISTORY_PORT',
    'TEMPORAL_HISTORY_MEMBERSHIP_PORT',
    'TEMPORAL_MATCHING_PORT',
    'TEMPORAL_MATCHING_MEMBERSHIP_PORT',
    'TEMPORAL_WORKER_PORT',
    'TEMPORAL_WORKER_MEMBERSHIP_PORT',
  ]);
  const child: ChildProcess = spawn(
    temporalServerPath(),
    ['--root', CONFIG_ROOT, '--config', 'config', '--env', 'postgres', '--allow-no-auth', 'start'],
    {
      env: {
        ...process.env,
        ...ports,
        TEMPORAL_FRONTEND_PORT: String(opts.port),
        TEMPORAL_DB: PERSISTENCE_DB,
        TEMPORAL_VISIBILITY_DB: VISIBILITY_DB,
        TEMPORAL_POSTGRES_ADDR: `${pg.hostname}:${pg.port || 5432}`,
        TEMPORAL_POSTGRES_USER: decodeURIComponent(pg.username),
        TEMPORAL_POSTGRES_PASSWORD: decodeURIComponent(pg.password),
        TEMPORAL_DYNAMIC_CONFIG: resolve(CONFIG_ROOT, 'dynamicconfig.yaml'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let tail = '';
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) =>
      reject(new Error(`temporal-server exited with ${code ?? signal} during start: ${tail.trim()}`)),
    ),
  );
  const forward = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
    opts.log?.(chunk.toString());
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  const address = `127.0.0.1:${opts.port}`;
  try {
    await Promise.race([
      exited,
      waitFor(
        'Temporal server on PostgreSQL',
        () => registerNamespace(address, opts.namespace, opts.retentionDays ?? 30),
        180_000,
      ),
    ]);
  } catch (error) {
    await stopChild(child, 20_000);
    throw error;
  }
  return {
    address,
    namespace: opts.namespace,
    // The server has no Web UI; the CLI dev server serves the local one.
    uiUrl: '',
    // SIGTERM: the server leaves membership and closes its shards before it exits.
    stop: () => stopChild(child, 20_000),
  };
}

/**
 * A port the kernel just called free may be handed out again at once: each service gets one of its own.
 * Membership ports are stored in a SMALLINT column (cluster_membership.rpc_port), so they stay below 32768,
 * under the kernel's ephemeral range.
 */
async function distinctFreePorts(taken: number, names: string[]): Promise<Record<string, string>> {
  const used = new Set([taken]);
  const ports: Record<string, string> = {};
  const pick = (name: string) => (name.endsWith('_MEMBERSHIP_PORT') ? freePortInRange(20_000, 32_767) : freePort());
  for (const name of names) {
    let port = await pick(name);
    while (used.has(port)) port = await pick(name);
    used.add(port);
    ports[name] = String(port);
  }
  return ports;
}

async function createDatabases(pg: URL): Promise<void> {
  const adminUrl = new URL(pg);
  adminUrl.pathname = '/postgres';
  const admin = new PgClient({ connectionString: adminUrl.toString() });
  await admin.connect();
  try {
    for (const database of [PERSISTENCE_DB, VISIBILITY_DB]) {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${database}`);
    }
  } finally {
    await admin.end();
  }
}

/**
 * `setup-schema -v 0.0` creates only the version tables (a no-op once they exist); `update-schema` applies
 * every versioned step of the module's `schema/postgresql/v12/<name>/versioned` not yet applied, which the
 * tool carries inside it. Both are idempotent, so every start brings an older database up to this server.
 */
async function migrateSchema(pg: URL, database: string, schema: string): Promise<void> {
  const env = {
    ...process.env,
    SQL_PLUGIN: 'postgres12',
    SQL_HOST: pg.hostname,
    SQL_PORT: pg.port || '5432',
    SQL_USER: decodeURIComponent(pg.username),
    SQL_PASSWORD: decodeURIComponent(pg.password),
    SQL_DATABASE: database,
  };
  const tool = (args: string[]) =>
    promisify(execFile)(temporalSqlToolPath(), args, { env }).catch((error: { stderr?: string }) => {
      throw new Error(`temporal-sql-tool ${args[0]} on ${database} failed: ${error.stderr ?? String(error)}`);
    });
  await tool(['setup-schema', '-v', '0.0']);
  await tool(['update-schema', '--schema-name', schema]);
}

/**
 * Registers the namespace and the search attributes the workflows upsert (libs/contracts), each only when
 * missing, then waits until a visibility query naming every one of them is accepted: the frontend then
 * knows their mapping to the visibility store's columns.
 */
async function registerNamespace(address: string, namespace: string, retentionDays: number): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: 1000 });
  try {
    const known = await connection.workflowService.listNamespaces({ pageSize: 100 });
    if (!known.namespaces.some((ns) => ns.namespaceInfo?.name === namespace)) {
      await connection.workflowService.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`),
      });
    }
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    const missing = SEARCH_ATTRIBUTE_DEFINITIONS.filter((sa) => !(sa.name in customAttributes));
    if (missing.length > 0) {
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(missing.map((sa) => [sa.name, INDEXED_TYPE[sa.temporalType]])),
      });
    }
    const query = SEARCH_ATTRIBUTE_DEFINITIONS.map((sa) => `${sa.name} = ${PROBE_VALUE[sa.temporalType]}`).join(
      ' AND ',
    );
    await new TemporalClient({ connection, namespace }).workflow.count(query);
  } finally {
    await connection.close();
  }
}
