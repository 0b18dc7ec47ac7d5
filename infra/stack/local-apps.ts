import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from 'pino';
import { runMigrations } from '../../libs/persistence/src';
import sampleOrg from '../seed/sample-org.json';
import { buildWorkflowBundle } from '../workflow-bundle/build';
import { devPayloadKeys, devSecret } from './local-stack';
import type { SupervisionEvents } from './processes';
import { seedLocalData } from './seed';

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

/** What the gateway and worker processes of `npm run dev` and `npm run dev:cluster` need before they start. */
export async function prepareLocalApps(databaseUrl: string, log: Logger): Promise<void> {
  const applied = await runMigrations(databaseUrl);
  log.info({ applied }, 'migrations applied');
  await seedLocalData(databaseUrl, log);
  log.info('building the workflow bundle');
  await buildWorkflowBundle();
  log.info('building the console (apps/console)');
  await promisify(execFile)('npm', ['run', '--silent', 'build'], { cwd: resolve(__dirname, '../../apps/console') });
}

/** The environment of the local apps: explicit local settings, secrets generated once per data folder. */
export function localAppEnv(opts: {
  dataDir: string;
  databaseUrl: string;
  temporalAddress: string;
  temporalNamespace?: string;
  temporalUiUrl: string | null;
  gatewayPort: number;
}): Record<string, string> {
  const env = process.env;
  return {
    // Explicit: dev tokens and the local defaults exist only with SHUANGCHA_ENV=local.
    SHUANGCHA_ENV: 'local',
    AUTH_MODE: 'dev',
    ADMIN_PERSON_IDS: env.ADMIN_PERSON_IDS ?? LOCAL_ADMIN_ID,
    CASE_DOCUMENT_NO_TEMPLATES: env.CASE_DOCUMENT_NO_TEMPLATES ?? JSON.stringify(LOCAL_DOCUMENT_NO_TEMPLATES),
    DATABASE_URL: opts.databaseUrl,
    ATTACHMENT_LOCAL_DIR: env.ATTACHMENT_LOCAL_DIR ?? join(opts.dataDir, 'attachments'),
    TEMPORAL_ADDRESS: opts.temporalAddress,
    ...(opts.temporalNamespace && { TEMPORAL_NAMESPACE: opts.temporalNamespace }),
    AUTH_DEV_SECRET: env.AUTH_DEV_SECRET ?? devSecret(opts.dataDir),
    ...(env.PAYLOAD_KEYS
      ? { PAYLOAD_KEYS: env.PAYLOAD_KEYS, PAYLOAD_ACTIVE_KEY: env.PAYLOAD_ACTIVE_KEY ?? '' }
      : devPayloadKeys(opts.dataDir)),
    ...(opts.temporalUiUrl && { TEMPORAL_UI_URL: opts.temporalUiUrl }),
    // Local only: derived from the dev secret, so checkpoints of earlier runs still verify.
    AUDIT_CHECKPOINT_KEY:
      env.AUDIT_CHECKPOINT_KEY ??
      createHash('sha256')
        .update(`audit-checkpoint:${devSecret(opts.dataDir)}`)
        .digest('hex'),
    ALLOWED_POLICY_VERSIONS: env.ALLOWED_POLICY_VERSIONS ?? 'dom-2026.1,compressed-2026.1',
    GATEWAY_PORT: String(opts.gatewayPort),
  };
}

/** Restarts are reported in the launcher's log. */
export function loggedSupervision(log: Logger): SupervisionEvents {
  return {
    exited: (name, exit) => log.warn({ app: name, ...exit }, `${name} exited; restarting it in ${exit.delayMs} ms`),
    restarted: (name, pid) => log.info({ app: name, pid }, `${name} restarted`),
  };
}

/** Where to go once the stack runs, and how to sign in. */
export function banner(opts: { base: string; temporal: string; adminIds: string; dataDir: string }): string {
  const { base } = opts;
  return [
    '',
    'Shuangcha is running.',
    `  Console          ${base}/console/  (sign in as any person of the sample org)`,
    `  Gateway          ${base}`,
    `  OpenAPI docs     ${base}/docs  (spec: ${base}/openapi.json)`,
    `  Temporal         ${opts.temporal}`,
    '',
    'Sign in locally with a dev token for a person of the sample org, e.g. the county case-management officer:',
    `  curl -s -X POST ${base}/dev/tokens -H 'content-type: application/json' -d '{"personId":"p-0032"}'`,
    '  then send  Authorization: Bearer <token>',
    `  Admin (calendar years, org model): ${opts.adminIds
      .split(',')
      .map((id) => `${id} ${sampleOrg.persons.find((p) => p.id === id.trim())?.displayName ?? ''}`.trim())
      .join(', ')}  (ADMIN_PERSON_IDS)`,
    `  Proposed people of a county case: ${base}/cases/participant-proposal?unitId=u-county-health&jurisdictionId=u-county-committee`,
    '',
    'Ctrl-C stops everything; data stays in ' + opts.dataDir,
    '',
  ].join('\n');
}
