import { resolve } from 'node:path';
import pino from 'pino';
import { banner, localAppEnv, loggedSupervision, prepareLocalApps } from './stack/local-apps';
import { startLocalServices } from './stack/local-stack';
import { superviseApp, waitForReady, type AppProcess } from './stack/processes';

/**
 * `npm run dev`: the whole stack on embedded defaults. Data lives in SHUANGCHA_DATA_DIR (default .data/),
 * so a second start finds the earlier cases; Ctrl-C stops every process this started.
 */
async function main(): Promise<void> {
  const log = pino({ name: 'shuangcha-dev' });
  const dataDir = resolve(process.env.SHUANGCHA_DATA_DIR ?? resolve(__dirname, '../.data'));
  const gatewayPort = Number(process.env.GATEWAY_PORT ?? 3000);
  const started: { apps: AppProcess[]; services?: Awaited<ReturnType<typeof startLocalServices>> } = { apps: [] };
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping the stack');
    for (const app of [...started.apps].reverse()) await app.stop();
    await started.services?.stop();
    log.info('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  try {
    log.info({ dataDir }, 'starting PostgreSQL and Temporal');
    started.services = await startLocalServices({
      dataDir,
      pgPort: Number(process.env.SHUANGCHA_PG_PORT ?? 55432),
      temporalPort: Number(process.env.SHUANGCHA_TEMPORAL_PORT ?? 7233),
      uiPort: Number(process.env.SHUANGCHA_TEMPORAL_UI_PORT ?? 8233),
      // The Web UI decodes encrypted payloads through the gateway, for signed-in supervisors only.
      uiCodecEndpoint: `http://127.0.0.1:${gatewayPort}/codec`,
    });
    const databaseUrl = started.services.databaseUrl;
    await prepareLocalApps(databaseUrl, log);
    const env = localAppEnv({
      dataDir,
      databaseUrl,
      temporalAddress: started.services.temporalAddress,
      temporalUiUrl: started.services.temporalUiUrl,
      gatewayPort,
    });
    const relay = (name: string, line: string) => process.stdout.write(`[${name}] ${line}`);
    started.apps.push(superviseApp('worker', env, relay, loggedSupervision(log)));
    const gateway = superviseApp('gateway', env, relay, loggedSupervision(log));
    started.apps.push(gateway);
    const base = `http://127.0.0.1:${gatewayPort}`;
    await waitForReady(base, gateway);
    process.stdout.write(
      banner({
        base,
        temporal: `Web UI ${started.services.temporalUiUrl ?? '(external Temporal)'}  (payloads decoded by ${base}/codec)`,
        adminIds: env.ADMIN_PERSON_IDS,
        dataDir,
      }),
    );
  } catch (error) {
    log.error({ err: error }, 'the stack did not start');
    await stop(1);
  }
}

void main();
