import { z } from 'zod';
import { payloadKeyIssues, payloadKeySettings, SECRET_PAYLOAD_SETTINGS } from './payload-keys';

/**
 * Every setting the processes read, validated once at boot. Defaults fit the embedded local stack
 * (`npm run dev`); in production the connection settings must be explicit and secrets never default.
 * Nothing fails open: without an explicit `SHUANGCHA_ENV=local` there are no dev tokens and AUTH_MODE
 * must be chosen (issue 16 item 7).
 */
const port = z.coerce.number().int().min(1).max(65535);

const documentNoTemplatesSchema = z.record(
  z.string().min(1).max(64),
  z
    .string()
    .min(1)
    .max(80)
    .regex(/\{year\}/)
    .regex(/\{seq\}/),
);

const settingsSchema = z.object({
  /** No default: a deployment that forgets it must not get the local stack's conveniences. */
  SHUANGCHA_ENV: z.enum(['local', 'test', 'production']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GATEWAY_HOST: z.string().min(1).default('127.0.0.1'),
  GATEWAY_PORT: port.default(3000),
  /**
   * Gateway: a second, internal port serving only GET /metrics (Prometheus), without authentication; the
   * API port never serves it. Unset: no metrics listener. Expose it to the scraper, never through an ingress.
   */
  GATEWAY_METRICS_PORT: port.optional(),
  /** Worker: `host:port` where the Temporal SDK's Prometheus exporter serves /metrics; unset: none. */
  WORKER_METRICS_ADDRESS: z
    .string()
    .regex(/^[^:\s]+:\d+$/, 'must be host:port')
    .optional(),
  /**
   * OpenTelemetry traces of the gateway and the worker (HTTP request → Temporal Update → workflow →
   * activity): `none` installs nothing; `log` writes each finished span as a log line.
   */
  TRACE_EXPORTER: z.enum(['none', 'log']).default('none'),
  /** Largest accepted JSON request body; bigger bodies get 413 before any parsing. */
  GATEWAY_BODY_LIMIT: z
    .string()
    .regex(/^\d+(kb|mb)$/)
    .default('256kb'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  DATABASE_SSL: z.enum(['disable', 'require']).default('disable'),
  /** A request waiting on a PostgreSQL that does not answer fails after this, instead of hanging. */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^:\s]+:\d+$/, 'must be host:port')
    .default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('shuangcha-case'),
  /** Worker only: a prebuilt workflow bundle to load instead of dist/workflow-bundle.js (tests pass the current one). */
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS: z.enum(['off', 'on']).default('off'),
  TEMPORAL_TLS_CA_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().min(1).optional(),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_UI_URL: z.string().url().default('http://localhost:8233'),
  /**
   * Gateway: the longest one request waits on Temporal in all (every call it makes, retries included). A
   * Temporal that does not answer then costs a 503 after this, not a hung request. Longer than any Update
   * takes to complete, its activities included.
   */
  TEMPORAL_CALL_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
  /**
   * Gateway readiness: a task queue whose newest poller is older than this has no live worker. Workers
   * long-poll for about a minute, so a live one is never older than that.
   */
  READY_POLLER_MAX_AGE_S: z.coerce.number().int().min(5).max(600).default(90),
  /**
   * Worker sizing (README "Sizing workers"). The sticky cache holds running workflows in memory between
   * tasks; it bounds the worker's memory as open cases grow (each cached case with its children costs a
   * few MB). Workflow-task slots must fit in the cache: the SDK would otherwise lower them silently.
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(200),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2).max(1000).default(40),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).max(1000).default(50),
  /**
   * Each decision is one local activity holding a database transaction, so more slots than the pool
   * (DATABASE_POOL_SIZE) only queue inside the worker.
   */
  WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES: z.coerce.number().int().min(1).max(1000).default(20),
  /**
   * `dev` signs tokens locally with AUTH_DEV_SECRET (SHUANGCHA_ENV=local only, and its default there);
   * `oidc` verifies them against an issuer's JWKS. Required in every other environment.
   */
  AUTH_MODE: z.enum(['dev', 'oidc']).optional(),
  AUTH_DEV_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  AUTH_OIDC_ISSUER: z.string().url().optional(),
  AUTH_OIDC_AUDIENCE: z.string().min(1).optional(),
  AUTH_OIDC_JWKS_URL: z.string().url().optional(),
  /** The console's public OIDC client (authorization code + PKCE, no secret); without it the console cannot sign in. */
  AUTH_OIDC_CONSOLE_CLIENT_ID: z.string().min(1).optional(),
  /** Built console (apps/console/dist) the gateway serves under /console/; absent files give a 404 there. */
  CONSOLE_DIST_DIR: z.string().min(1).optional(),
  /**
   * Where roles and jurisdictions come from: `org` reads current tenures from the org model (falling back
   * to token claims only with AUTH_MODE=dev while the org tables are empty); `claims` trusts the token.
   */
  DIRECTORY: z.enum(['org', 'claims']).default('org'),
  /** Person ids holding the admin role (calendar imports); the org model has no such post. */
  ADMIN_PERSON_IDS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  /**
   * Audit checkpoints: an HMAC-SHA256 key the database never holds, with the id stored beside each
   * signature, and how often the gateway signs the heads of grown chains (0: never). Required in production.
   */
  AUDIT_CHECKPOINT_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  AUDIT_CHECKPOINT_KEY_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .default('k1'),
  /**
   * Keys retired by a rotation, `id=secret` comma-separated: they still verify the checkpoints they signed
   * but sign nothing new.
   */
  AUDIT_CHECKPOINT_PREVIOUS_KEYS: z
    .string()
    .regex(
      /^([A-Za-z0-9._-]{1,64}=[^,=]{32,})(,[A-Za-z0-9._-]{1,64}=[^,=]{32,})*$/,
      'must be id=secret,… (secrets ≥32 characters)',
    )
    .optional()
    .transform((value) =>
      (value ?? '')
        .split(',')
        .filter(Boolean)
        .map((pair) => {
          const [id, secret] = pair.split('=');
          return { id, secret };
        }),
    ),
  AUDIT_CHECKPOINT_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /**
   * Rate limits per window, by client address (before authentication, so token floods stop here) and by
   * signed-in person. Generous defaults: the test suites and the API fuzzer never reach them.
   */
  /**
   * Reverse proxies in front of the gateway whose X-Forwarded-For to believe (0: none). Behind one, the
   * per-client rate limit would otherwise count every caller as the proxy.
   */
  GATEWAY_TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  RATE_LIMIT_PER_CLIENT: z.coerce.number().int().min(1).default(12000),
  RATE_LIMIT_PER_PERSON: z.coerce.number().int().min(1).default(6000),
  /**
   * Document number (文号) of a case per jurisdiction, as a JSON object of templates with `{year}` and
   * `{seq}`, e.g. `{"u-county-committee":"清纪立〔{year}〕{seq}号"}`; `*` applies to every other jurisdiction,
   * and without it those get `〔{year}〕{seq}号`.
   */
  CASE_DOCUMENT_NO_TEMPLATES: z
    .string()
    .default('{}')
    .transform((value, ctx) => {
      try {
        return documentNoTemplatesSchema.parse(JSON.parse(value));
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: 'must be a JSON object of jurisdiction id to a template containing {year} and {seq}',
        });
        return z.NEVER;
      }
    }),
  /**
   * Where attachments and issued documents are kept, content-addressed by SHA-256 (issue 13). `local` is a
   * directory on the gateway's disk (the dev stack and tests); in production its directory must be named.
   * `s3` is any S3-compatible object store, named by the ATTACHMENT_S3_* settings.
   */
  ATTACHMENT_STORE: z.enum(['local', 's3']).default('local'),
  /** The local store's directory; objects and in-flight uploads share it, so a finished upload is a rename. */
  ATTACHMENT_LOCAL_DIR: z.string().min(1).optional(),
  /** The S3 store's bucket: it must exist; the gateway only reads and writes objects in it. */
  ATTACHMENT_S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name')
    .optional(),
  /** An S3-compatible server's URL (SeaweedFS, Ceph, a cloud's S3 API); unset means the SDK's AWS endpoint. */
  ATTACHMENT_S3_ENDPOINT: z.string().url().optional(),
  ATTACHMENT_S3_REGION: z.string().min(1).default('us-east-1'),
  /** Without the key pair the SDK's default credential chain applies (instance role, web identity, …). */
  ATTACHMENT_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  ATTACHMENT_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Bucket in the path (`host/bucket/key`) rather than the host name: what most self-hosted servers need. */
  ATTACHMENT_S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  /** Largest accepted attachment; a bigger upload gets 413 ATTACHMENT_TOO_LARGE and leaves nothing stored. */
  ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 ** 3)
    .default(512 * 1024 ** 2),
  /** Policy a case gets when its opener does not choose one (see libs/domain policy registry). */
  DEFAULT_POLICY_VERSION: z.string().min(1).default('dom-2026.1'),
  /** Policies a caller may choose at case start; the compressed one exists for demos and e2e tests. */
  ALLOWED_POLICY_VERSIONS: z
    .string()
    .default('dom-2026.1')
    .transform((value) =>
      value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ...payloadKeySettings,
});

/** Settings whose values are credentials: a config error names them but never prints their value. */
const SECRET_SETTINGS: ReadonlySet<string> = new Set([
  'AUTH_DEV_SECRET',
  'TEMPORAL_API_KEY',
  'AUDIT_CHECKPOINT_KEY',
  'AUDIT_CHECKPOINT_PREVIOUS_KEYS',
  'ATTACHMENT_S3_SECRET_ACCESS_KEY',
  ...SECRET_PAYLOAD_SETTINGS,
]);

const appConfigRefined = settingsSchema.superRefine((cfg, ctx) => {
  const local = cfg.SHUANGCHA_ENV === 'local';
  if (cfg.SHUANGCHA_ENV === 'production') {
    for (const key of ['DATABASE_URL', 'AUDIT_CHECKPOINT_KEY'] as const) {
      if (!cfg[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required in production' });
    }
  }
  if (cfg.SHUANGCHA_ENV === 'production' && cfg.ATTACHMENT_STORE === 'local' && !cfg.ATTACHMENT_LOCAL_DIR) {
    ctx.addIssue({
      code: 'custom',
      path: ['ATTACHMENT_LOCAL_DIR'],
      message: 'is required in production when ATTACHMENT_STORE=local',
    });
  }
  if (cfg.ATTACHMENT_STORE === 's3' && !cfg.ATTACHMENT_S3_BUCKET) {
    ctx.addIssue({ code: 'custom', path: ['ATTACHMENT_S3_BUCKET'], message: 'is required when ATTACHMENT_STORE=s3' });
  }
  if (Boolean(cfg.ATTACHMENT_S3_ACCESS_KEY_ID) !== Boolean(cfg.ATTACHMENT_S3_SECRET_ACCESS_KEY)) {
    ctx.addIssue({
      code: 'custom',
      path: ['ATTACHMENT_S3_ACCESS_KEY_ID'],
      message: 'ATTACHMENT_S3_ACCESS_KEY_ID and ATTACHMENT_S3_SECRET_ACCESS_KEY go together',
    });
  }
  if (!local && cfg.AUTH_MODE === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['AUTH_MODE'],
      message: 'must be set (oidc) unless SHUANGCHA_ENV=local is set explicitly',
    });
  }
  if (!local && cfg.AUTH_MODE === 'dev') {
    ctx.addIssue({
      code: 'custom',
      path: ['AUTH_MODE'],
      message: 'dev tokens exist only with SHUANGCHA_ENV=local set explicitly',
    });
  }
  if (local && cfg.AUTH_MODE !== 'oidc' && !cfg.AUTH_DEV_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['AUTH_DEV_SECRET'], message: 'is required when AUTH_MODE=dev' });
  }
  if (cfg.AUTH_MODE === 'oidc') {
    for (const key of ['AUTH_OIDC_ISSUER', 'AUTH_OIDC_AUDIENCE', 'AUTH_OIDC_JWKS_URL'] as const) {
      if (!cfg[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required when AUTH_MODE=oidc' });
    }
  }
  if (cfg.TEMPORAL_TLS === 'on' && Boolean(cfg.TEMPORAL_TLS_CERT_PATH) !== Boolean(cfg.TEMPORAL_TLS_KEY_PATH)) {
    ctx.addIssue({
      code: 'custom',
      path: ['TEMPORAL_TLS_CERT_PATH'],
      message: 'TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH go together',
    });
  }
  if (
    cfg.WORKER_MAX_CACHED_WORKFLOWS > 0 &&
    cfg.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS > cfg.WORKER_MAX_CACHED_WORKFLOWS
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['WORKER_MAX_CONCURRENT_WORKFLOW_TASKS'],
      message: 'must not exceed WORKER_MAX_CACHED_WORKFLOWS (unless the cache is off, 0)',
    });
  }
  if (cfg.GATEWAY_METRICS_PORT !== undefined && cfg.GATEWAY_METRICS_PORT === cfg.GATEWAY_PORT) {
    ctx.addIssue({
      code: 'custom',
      path: ['GATEWAY_METRICS_PORT'],
      message: 'must differ from GATEWAY_PORT: metrics are served on an internal port only',
    });
  }
  if (cfg.WORKER_MAX_CACHED_WORKFLOWS === 1) {
    ctx.addIssue({
      code: 'custom',
      path: ['WORKER_MAX_CACHED_WORKFLOWS'],
      message: 'must be 0 (cache off) or at least 2',
    });
  }
  for (const issue of payloadKeyIssues(cfg))
    ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
  if (!cfg.ALLOWED_POLICY_VERSIONS.includes(cfg.DEFAULT_POLICY_VERSION)) {
    ctx.addIssue({
      code: 'custom',
      path: ['DEFAULT_POLICY_VERSION'],
      message: 'must be one of ALLOWED_POLICY_VERSIONS',
    });
  }
});

/** After the checks above, an unset AUTH_MODE can only mean the local stack, where it is `dev`. */
export const appConfigSchema = appConfigRefined.transform((cfg) => ({
  ...cfg,
  AUTH_MODE: cfg.AUTH_MODE ?? ('dev' as const),
}));

export type AppConfig = Readonly<z.infer<typeof appConfigSchema>> & { readonly databaseUrl: string };

/** Matches infra/embedded-postgres: the local stack's database, never used in production. */
export const LOCAL_DATABASE_URL = 'postgres://shuangcha:shuangcha@127.0.0.1:55432/shuangcha';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment into a frozen config; throws ConfigError naming every bad setting. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.fromEntries(
    Object.keys(settingsSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const result = appConfigSchema.safeParse(known);
  if (!result.success) throw configError(result.error.issues, env);
  const databaseUrl = result.data.DATABASE_URL ?? LOCAL_DATABASE_URL;
  return Object.freeze({ ...result.data, databaseUrl });
}

function configError(issues: z.core.$ZodIssue[], env: Record<string, string | undefined>): ConfigError {
  return new ConfigError(
    issues.map((issue) => {
      const key = issue.path.join('.') || '(config)';
      const raw = typeof issue.path[0] === 'string' ? shownValue(issue.path[0], env[issue.path[0]]) : undefined;
      return `${key}: ${issue.message}${raw === undefined ? '' : ` (got ${JSON.stringify(raw)})`}`;
    }),
  );
}

/**
 * A setting's value as a config error may print it: secrets not at all, a URL without its password.
 * Boot errors end up in logs and CI output, which are read by more people than may know the secrets.
 */
function shownValue(key: string, value: string | undefined): string | undefined {
  if (value === undefined || SECRET_SETTINGS.has(key)) return undefined;
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/i, '$1***@');
}

const databaseSettingsSchema = settingsSchema.pick({ DATABASE_URL: true, DATABASE_SSL: true });

/** Only the database settings: for the migration CLI, which needs no auth or Temporal settings. */
export function loadDatabaseConfig(env: Record<string, string | undefined> = process.env): {
  databaseUrl: string;
  DATABASE_SSL: AppConfig['DATABASE_SSL'];
} {
  const result = databaseSettingsSchema.safeParse({
    DATABASE_URL: env.DATABASE_URL || undefined,
    DATABASE_SSL: env.DATABASE_SSL || undefined,
  });
  if (!result.success) throw configError(result.error.issues, env);
  return { databaseUrl: result.data.DATABASE_URL ?? LOCAL_DATABASE_URL, DATABASE_SSL: result.data.DATABASE_SSL };
}
