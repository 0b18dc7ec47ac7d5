import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { banner, localAppEnv, loggedSupervision, prepareLocalApps } from './stack/local-apps';
import { freePort } from './stack/ports';
import { startEmbeddedPostgres, type RunningPostgres } from './stack/postgres';
import { superviseApp, waitForReady, type AppProcess } from './stack/processes';
import { startRoundRobinProxy, type RoundRobinProxy } from './stack/round-robin-proxy';
import type { RunningTemporal } from './stack/temporal';
import { startTemporalServer } from './stack/temporal-server';

const WORKERS = 2;
const GATEWAYS = 2;
const NAMESPACE = 'shuangcha';

/**
 * `npm run dev:cluster`: the stack as a cluster runs it, on one machine. PostgreSQL (embedded) holds the
 * read model and, in databases of their own, Temporal's persistence and visibility; the Temporal server
 * runs on it (infra/temporal/); two worker processes share the task queue; two gateway instances answer
 * behind a round-robin proxy on GATEWAY_PORT. Data lives in SHUANGCHA_DATA_DIR (default .data/cluster/),
 * apart from `npm run dev`'s; Ctrl-C stops every process this started.
 */
async function main(): Promise<void> {
  const log = pino({ name: 'shuangcha-dev-cluster' });
  const dataDir = resolve(process.env.SHUANGCHA_DATA_DIR ?? resolve(__dirname, '../.data/cluster'));
  mkdirSync(dataDir, { recursive: true });
  const gatewayPort = Number(process.env.GATEWAY_PORT ?? 3000);
  const started: { apps: AppProcess[]; proxy?: RoundRobinProxy; temporal?: RunningTemporal; pg?: RunningPostgres } = {
    apps: [],
  };
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping the cluster');
    await started.proxy?.close();
    for (const app of [...started.apps].reverse()) await app.stop();
    await started.temporal?.stop();
    await started.pg?.stop();
    log.info('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  try {
    log.info({ dataDir }, 'starting PostgreSQL');
    started.pg = await startEmbeddedPostgres({
      dataDir: join(dataDir, 'postgres'),
      port: Number(process.env.SHUANGCHA_PG_PORT ?? 55432),
    });
    log.info('creating or updating the Temporal schemas, starting the Temporal server on PostgreSQL');
    started.temporal = await startTemporalServer({
      postgresUrl: started.pg.url,
      port: Number(process.env.SHUANGCHA_TEMPORAL_PORT ?? 7233),
      namespace: NAMESPACE,
    });
    await prepareLocalApps(started.pg.url, log);
    const instancePorts = await Promise.all(Array.from({ length: GATEWAYS }, () => freePort()));
    const env = localAppEnv({
      dataDir,
      databaseUrl: started.pg.url,
      temporalAddress: started.temporal.address,
      temporalNamespace: NAMESPACE,
      temporalUiUrl: null,
      gatewayPort,
    });
    const relay = (name: string, line: string) => process.stdout.write(`[${name}] ${line}`);
    for (let i = 0; i < WORKERS; i += 1) started.apps.push(superviseApp('worker', env, relay, loggedSupervision(log)));
    const gateways = instancePorts.map((port) =>
      superviseApp(
        'gateway',
        // Behind the proxy: the per-client rate limit counts the caller named in X-Forwarded-For.
        { ...env, GATEWAY_PORT: String(port), GATEWAY_TRUST_PROXY_HOPS: '1' },
        relay,
        loggedSupervision(log),
      ),
    );
    started.apps.push(...gateways);
    const upstreams = instancePorts.map((port) => `http://127.0.0.1:${port}`);
    for (const [i, gateway] of gateways.entries()) await waitForReady(upstreams[i], gateway);
    started.proxy = await startRoundRobinProxy({ port: gatewayPort, upstreams });
    process.stdout.write(
      banner({
        base: started.proxy.url,
        temporal: `${started.temporal.address}, namespace ${NAMESPACE} (no Web UI: temporal --address ${started.temporal.address} --namespace ${NAMESPACE} workflow list)`,
        adminIds: env.ADMIN_PERSON_IDS,
        dataDir,
      }),
    );
    process.stdout.write(
      `Cluster: ${WORKERS} workers on one task queue; gateways ${upstreams.join(', ')} behind the round-robin proxy ${started.proxy.url}\n\n`,
    );
  } catch (error) {
    log.error({ err: error }, 'the cluster did not start');
    await stop(1);
  }
}

void main();
