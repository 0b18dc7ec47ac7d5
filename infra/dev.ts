import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { runMigrations } from '../libs/persistence/src';
import { buildWorkflowBundle } from './workflow-bundle/build';
import { devPayloadKeys, devSecret, startLocalServices } from './stack/local-stack';
import { superviseApp, waitForReady, type AppProcess } from './stack/processes';
import { seedLocalData } from './stack/seed';
import sampleOrg from './seed/sample-org.json';

/**
 * The sample org's city case-management director administers the local stack (calendar imports, the org
 * model), so a newcomer can do both with a dev token; ADMIN_PERSON_IDS overrides it.
 */
const LOCAL_ADMIN_ID = 'p-0006';
/** Document numbers (文号) of the sample org's county and city commissions. */
const LOCAL_DOCUMENT_NO_TEMPLATES = {
  'u-county-committee': '清纪立〔{year}〕{seq}号',
  'u-city-committee': '临纪立〔{year}〕{seq}号',
};

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
    const applied = await runMigrations(databaseUrl);
    log.info({ applied }, 'migrations applied');
    await seedLocalData(databaseUrl, log);
    log.info('building the workflow bundle');
    await buildWorkflowBundle();
    log.info('building the console (apps/console)');
    await promisify(execFile)('npm', ['run', '--silent', 'build'], { cwd: resolve(__dirname, '../apps/console') });
    const adminIds = process.env.ADMIN_PERSON_IDS ?? LOCAL_ADMIN_ID;
    const env = {
      // Explicit: dev tokens and the local defaults exist only with SHUANGCHA_ENV=local.
      SHUANGCHA_ENV: 'local',
      AUTH_MODE: 'dev',
      ADMIN_PERSON_IDS: adminIds,
      CASE_DOCUMENT_NO_TEMPLATES: process.env.CASE_DOCUMENT_NO_TEMPLATES ?? JSON.stringify(LOCAL_DOCUMENT_NO_TEMPLATES),
      DATABASE_URL: databaseUrl,
      ATTACHMENT_LOCAL_DIR: process.env.ATTACHMENT_LOCAL_DIR ?? join(dataDir, 'attachments'),
      TEMPORAL_ADDRESS: started.services.temporalAddress,
      AUTH_DEV_SECRET: process.env.AUTH_DEV_SECRET ?? devSecret(dataDir),
      ...(process.env.PAYLOAD_KEYS
        ? { PAYLOAD_KEYS: process.env.PAYLOAD_KEYS, PAYLOAD_ACTIVE_KEY: process.env.PAYLOAD_ACTIVE_KEY }
        : devPayloadKeys(dataDir)),
      ...(started.services.temporalUiUrl && { TEMPORAL_UI_URL: started.services.temporalUiUrl }),
      // Local only: derived from the dev secret, so checkpoints of earlier runs still verify.
      AUDIT_CHECKPOINT_KEY:
        process.env.AUDIT_CHECKPOINT_KEY ??
        createHash('sha256')
          .update(`audit-checkpoint:${devSecret(dataDir)}`)
          .digest('hex'),
      ALLOWED_POLICY_VERSIONS: process.env.ALLOWED_POLICY_VERSIONS ?? 'dom-2026.1,compressed-2026.1',
      GATEWAY_PORT: String(gatewayPort),
    };
    const relay = (name: string, line: string) => process.stdout.write(`[${name}] ${line}`);
    const supervision = {
      exited: (name: string, exit: { code: number | null; signal: string | null; delayMs: number }) =>
        log.warn({ app: name, ...exit }, `${name} exited; restarting it in ${exit.delayMs} ms`),
      restarted: (name: string, pid: number | undefined) => log.info({ app: name, pid }, `${name} restarted`),
    };
    started.apps.push(superviseApp('worker', env, relay, supervision));
    const gateway = superviseApp('gateway', env, relay, supervision);
    started.apps.push(gateway);
    const base = `http://127.0.0.1:${gatewayPort}`;
    await waitForReady(base, gateway);
    process.stdout.write(
      [
        '',
        'Shuangcha is running.',
        `  Console          ${base}/console/  (sign in as any person of the sample org)`,
        `  Gateway          ${base}`,
        `  OpenAPI docs     ${base}/docs  (spec: ${base}/openapi.json)`,
        `  Temporal Web UI  ${started.services.temporalUiUrl ?? '(external Temporal)'}  (payloads decoded by ${base}/codec)`,
        '',
        'Sign in locally with a dev token for a person of the sample org, e.g. the county case-management officer:',
        `  curl -s -X POST ${base}/dev/tokens -H 'content-type: application/json' -d '{"personId":"p-0032"}'`,
        '  then send  Authorization: Bearer <token>',
        `  Admin (calendar years, org model): ${adminIds
          .split(',')
          .map((id) => `${id} ${sampleOrg.persons.find((p) => p.id === id.trim())?.displayName ?? ''}`.trim())
          .join(', ')}  (ADMIN_PERSON_IDS)`,
        `  Proposed people of a county case: ${base}/cases/participant-proposal?unitId=u-county-health&jurisdictionId=u-county-committee`,
        '',
        'Ctrl-C stops everything; data stays in ' + dataDir,
        '',
      ].join('\n'),
    );
  } catch (error) {
    log.error({ err: error }, 'the stack did not start');
    await stop(1);
  }
}

void main();
