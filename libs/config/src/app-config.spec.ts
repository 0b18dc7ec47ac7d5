import { ConfigError, LOCAL_DATABASE_URL, loadConfig, loadDatabaseConfig } from './app-config';

const secret = 'x'.repeat(32);
const local = { SHUANGCHA_ENV: 'local', AUTH_DEV_SECRET: secret };
const oidc = {
  AUTH_MODE: 'oidc',
  AUTH_OIDC_ISSUER: 'https://id.example.test/',
  AUTH_OIDC_AUDIENCE: 'shuangcha',
  AUTH_OIDC_JWKS_URL: 'https://id.example.test/jwks.json',
};

function problemsOf(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('fills the local-stack defaults, dev tokens included, when SHUANGCHA_ENV=local is set', () => {
    const cfg = loadConfig(local);
    expect(cfg.TEMPORAL_ADDRESS).toBe('localhost:7233');
    expect(cfg.TEMPORAL_NAMESPACE).toBe('default');
    expect(cfg.GATEWAY_PORT).toBe(3000);
    expect(cfg.AUTH_MODE).toBe('dev');
    expect(cfg.databaseUrl).toBe(LOCAL_DATABASE_URL);
    expect(Object.isFrozen(cfg)).toBe(true);
  });

  it('refuses to start without SHUANGCHA_ENV and AUTH_MODE instead of falling back to dev tokens', () => {
    expect(problemsOf({ AUTH_DEV_SECRET: secret })).toMatch(/AUTH_MODE: must be set/);
  });

  it('refuses dev tokens in every environment but an explicit local one', () => {
    for (const env of [
      {},
      { SHUANGCHA_ENV: 'test' },
      { SHUANGCHA_ENV: 'production', DATABASE_URL: LOCAL_DATABASE_URL },
    ]) {
      expect(problemsOf({ ...env, AUTH_MODE: 'dev', AUTH_DEV_SECRET: secret })).toMatch(
        /AUTH_MODE: dev tokens exist only with SHUANGCHA_ENV=local/,
      );
    }
  });

  it('requires AUTH_MODE outside local and accepts OIDC there', () => {
    expect(problemsOf({ SHUANGCHA_ENV: 'test' })).toMatch(/AUTH_MODE: must be set/);
    expect(loadConfig({ SHUANGCHA_ENV: 'test', ...oidc }).AUTH_MODE).toBe('oidc');
    expect(loadConfig(oidc).AUTH_MODE).toBe('oidc');
  });

  it('names a bad secret but never prints its value', () => {
    const message = problemsOf({ SHUANGCHA_ENV: 'local', AUTH_DEV_SECRET: 'hunter2-too-short' });
    expect(message).toMatch(/AUTH_DEV_SECRET: must be at least 32 characters/);
    expect(message).not.toContain('hunter2');
  });

  it('reads retired audit checkpoint keys and never prints a bad one', () => {
    const retired = `k0=${'r'.repeat(32)},k00=${'s'.repeat(40)}`;
    expect(loadConfig({ ...local, AUDIT_CHECKPOINT_PREVIOUS_KEYS: retired }).AUDIT_CHECKPOINT_PREVIOUS_KEYS).toEqual([
      { id: 'k0', secret: 'r'.repeat(32) },
      { id: 'k00', secret: 's'.repeat(40) },
    ]);
    const message = problemsOf({ ...local, AUDIT_CHECKPOINT_PREVIOUS_KEYS: 'k0=short-secret-9' });
    expect(message).toMatch(/AUDIT_CHECKPOINT_PREVIOUS_KEYS/);
    expect(message).not.toContain('short-secret-9');
  });

  it('requires an audit checkpoint key in production', () => {
    expect(problemsOf({ SHUANGCHA_ENV: 'production', DATABASE_URL: LOCAL_DATABASE_URL, ...oidc })).toMatch(
      /AUDIT_CHECKPOINT_KEY: is required in production/,
    );
  });

  it('keeps attachments in a local directory up to 512 MiB unless told otherwise, and names the directory in production', () => {
    const cfg = loadConfig(local);
    expect(cfg.ATTACHMENT_STORE).toBe('local');
    expect(cfg.ATTACHMENT_MAX_BYTES).toBe(512 * 1024 ** 2);
    expect(loadConfig({ ...local, ATTACHMENT_MAX_BYTES: '2048' }).ATTACHMENT_MAX_BYTES).toBe(2048);
    expect(problemsOf({ ...local, ATTACHMENT_MAX_BYTES: '10' })).toMatch(/ATTACHMENT_MAX_BYTES/);
    expect(problemsOf({ SHUANGCHA_ENV: 'production', DATABASE_URL: LOCAL_DATABASE_URL, ...oidc })).toMatch(
      /ATTACHMENT_LOCAL_DIR: is required in production when ATTACHMENT_STORE=local/,
    );
  });

  it('names the bucket and a whole key pair for the S3 store, and never prints the secret key', () => {
    const s3 = {
      ...local,
      ATTACHMENT_STORE: 's3',
      ATTACHMENT_S3_BUCKET: 'case-files',
      ATTACHMENT_S3_ENDPOINT: 'http://127.0.0.1:8333',
      ATTACHMENT_S3_FORCE_PATH_STYLE: 'true',
    };
    const cfg = loadConfig(s3);
    expect(cfg).toMatchObject({ ATTACHMENT_S3_REGION: 'us-east-1', ATTACHMENT_S3_FORCE_PATH_STYLE: true });
    expect(loadConfig(local).ATTACHMENT_S3_FORCE_PATH_STYLE).toBe(false);
    expect(problemsOf({ ...s3, ATTACHMENT_S3_BUCKET: undefined })).toMatch(
      /ATTACHMENT_S3_BUCKET: is required when ATTACHMENT_STORE=s3/,
    );
    expect(problemsOf({ ...s3, ATTACHMENT_S3_BUCKET: 'Case_Files' })).toMatch(/ATTACHMENT_S3_BUCKET: must be an S3/);
    const halfPair = problemsOf({ ...s3, ATTACHMENT_S3_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI-secret' });
    expect(halfPair).toMatch(/ATTACHMENT_S3_ACCESS_KEY_ID and ATTACHMENT_S3_SECRET_ACCESS_KEY go together/);
    expect(halfPair).not.toContain('wJalrXUtnFEMI-secret');
    expect(problemsOf({ ...s3, ATTACHMENT_S3_FORCE_PATH_STYLE: 'yes' })).toMatch(/ATTACHMENT_S3_FORCE_PATH_STYLE/);
  });

  it('prints a bad database URL without its password', () => {
    const message = problemsOf({ ...local, DATABASE_URL: 'mysql://app:s3cr3t-pw@db.internal:3306/shuangcha' });
    expect(message).toMatch(/DATABASE_URL: must be a postgres:\/\/ URL/);
    expect(message).toContain('mysql://app:***@db.internal:3306/shuangcha');
    expect(message).not.toContain('s3cr3t-pw');
  });

  it('names the setting and the bad value when a port is not a number', () => {
    expect(() => loadConfig({ ...local, GATEWAY_PORT: 'eighty' })).toThrow(/GATEWAY_PORT.*"eighty"/);
  });

  it('reports every bad setting at once, not only the first', () => {
    const problems = problemsOf({ ...local, TEMPORAL_ADDRESS: 'no-port', LOG_LEVEL: 'loud' });
    expect(problems).toMatch(/TEMPORAL_ADDRESS/);
    expect(problems).toMatch(/LOG_LEVEL/);
  });

  it('requires an explicit database in production', () => {
    expect(problemsOf({ SHUANGCHA_ENV: 'production', ...oidc })).toMatch(/DATABASE_URL: is required in production/);
  });

  it('requires the issuer, audience and JWKS URL in OIDC mode', () => {
    expect(() => loadConfig({ AUTH_MODE: 'oidc' })).toThrow(
      /AUTH_OIDC_ISSUER[\s\S]*AUTH_OIDC_AUDIENCE[\s\S]*AUTH_OIDC_JWKS_URL/,
    );
  });

  it('sizes the worker from settings and keeps workflow-task slots within the sticky cache', () => {
    const cfg = loadConfig({
      ...local,
      WORKER_MAX_CACHED_WORKFLOWS: '500',
      WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '60',
      WORKER_MAX_CONCURRENT_ACTIVITIES: '30',
      WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES: '8',
    });
    expect(cfg).toMatchObject({
      WORKER_MAX_CACHED_WORKFLOWS: 500,
      WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: 60,
      WORKER_MAX_CONCURRENT_ACTIVITIES: 30,
      WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES: 8,
    });
    expect(loadConfig(local).WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES).toBe(20);
    expect(
      problemsOf({ ...local, WORKER_MAX_CACHED_WORKFLOWS: '20', WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '40' }),
    ).toMatch(/WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: must not exceed WORKER_MAX_CACHED_WORKFLOWS/);
    expect(loadConfig({ ...local, WORKER_MAX_CACHED_WORKFLOWS: '0' }).WORKER_MAX_CACHED_WORKFLOWS).toBe(0);
    expect(problemsOf({ ...local, WORKER_MAX_CACHED_WORKFLOWS: '1' })).toMatch(/WORKER_MAX_CACHED_WORKFLOWS/);
    expect(problemsOf({ ...local, WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES: '0' })).toMatch(
      /WORKER_MAX_CONCURRENT_LOCAL_ACTIVITIES/,
    );
  });

  it('splits the allowed policy list and checks the default is in it', () => {
    const cfg = loadConfig({ ...local, ALLOWED_POLICY_VERSIONS: 'dom-2026.1, compressed-2026.1' });
    expect(cfg.ALLOWED_POLICY_VERSIONS).toEqual(['dom-2026.1', 'compressed-2026.1']);
    expect(() => loadConfig({ ...local, DEFAULT_POLICY_VERSION: 'compressed-2026.1' })).toThrow(
      /DEFAULT_POLICY_VERSION/,
    );
  });
});

describe('loadDatabaseConfig', () => {
  it('reads only the database settings, so the migration CLI needs no auth settings', () => {
    expect(loadDatabaseConfig({})).toEqual({ databaseUrl: LOCAL_DATABASE_URL, DATABASE_SSL: 'disable' });
    expect(() => loadDatabaseConfig({ DATABASE_URL: 'http://u:pw-1@h/db' })).toThrow(/http:\/\/u:\*\*\*@h\/db/);
  });
});
