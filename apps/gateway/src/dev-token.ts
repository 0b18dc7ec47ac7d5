import { parseArgs } from 'node:util';
import pino from 'pino';
import { ConfigError, loadConfig } from '@shuangcha/config';
import { devTokenBodySchema } from '@shuangcha/contracts/http';
import { issueDevToken } from './auth/dev-token-issuer';

/**
 * Prints a local-stack bearer token (AUTH_MODE=dev) on stdout:
 *   npx tsx apps/gateway/src/dev-token.ts p-0032 [--roles staff,approver] [--jurisdictions j-county-x]
 */
async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { roles: { type: 'string', default: 'staff' }, jurisdictions: { type: 'string', default: '' } },
  });
  const config = loadConfig();
  if (config.AUTH_MODE !== 'dev') throw new Error('dev tokens exist only with AUTH_MODE=dev');
  const list = (value: string) =>
    value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  const body = devTokenBodySchema.parse({
    personId: positionals[0],
    roles: list(values.roles),
    jurisdictionIds: list(values.jurisdictions),
  });
  const { token } = await issueDevToken(config.AUTH_DEV_SECRET ?? '', body);
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  const logger = pino({ name: 'dev-token' }, pino.destination(2));
  logger.fatal(
    { problems: error instanceof ConfigError ? error.problems : undefined },
    error instanceof Error ? error.message : String(error),
  );
  process.exitCode = 1;
});
