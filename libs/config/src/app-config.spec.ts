import { ConfigError, LOCAL_DATABASE_URL, loadConfig } from './app-config';

const secret = 'x'.repeat(32);

describe('loadConfig', () => {
  it('fills the local-stack defaults when only the dev secret is given', () => {
    const cfg = loadConfig({ AUTH_DEV_SECRET: secret });
    expect(cfg.TEMPORAL_ADDRESS).toBe('localhost:7233');
    expect(cfg.TEMPORAL_NAMESPACE).toBe('default');
    expect(cfg.GATEWAY_PORT).toBe(3000);
    expect(cfg.databaseUrl).toBe(LOCAL_DATABASE_URL);
    expect(Object.isFrozen(cfg)).toBe(true);
  });

  it('names the setting and the bad value when a port is not a number', () => {
    expect(() => loadConfig({ AUTH_DEV_SECRET: secret, GATEWAY_PORT: 'eighty' })).toThrow(/GATEWAY_PORT.*"eighty"/);
  });

  it('reports every bad setting at once, not only the first', () => {
    try {
      loadConfig({ AUTH_DEV_SECRET: secret, TEMPORAL_ADDRESS: 'no-port', LOG_LEVEL: 'loud' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/TEMPORAL_ADDRESS/);
      expect(problems).toMatch(/LOG_LEVEL/);
    }
  });

  it('requires an explicit database and forbids dev tokens in production', () => {
    expect(() => loadConfig({ SHUANGCHA_ENV: 'production', AUTH_DEV_SECRET: secret })).toThrow(
      /DATABASE_URL: is required in production[\s\S]*AUTH_MODE/,
    );
  });

  it('requires the issuer, audience and JWKS URL in OIDC mode', () => {
    expect(() => loadConfig({ AUTH_MODE: 'oidc' })).toThrow(
      /AUTH_OIDC_ISSUER[\s\S]*AUTH_OIDC_AUDIENCE[\s\S]*AUTH_OIDC_JWKS_URL/,
    );
  });

  it('splits the allowed policy list and checks the default is in it', () => {
    const cfg = loadConfig({ AUTH_DEV_SECRET: secret, ALLOWED_POLICY_VERSIONS: 'dom-2026.1, compressed-2026.1' });
    expect(cfg.ALLOWED_POLICY_VERSIONS).toEqual(['dom-2026.1', 'compressed-2026.1']);
    expect(() => loadConfig({ AUTH_DEV_SECRET: secret, DEFAULT_POLICY_VERSION: 'compressed-2026.1' })).toThrow(
      /DEFAULT_POLICY_VERSION/,
    );
  });
});
