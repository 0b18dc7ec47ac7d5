import type { Logger } from 'pino';

/**
 * First-start data for the local stack. The sample org (infra/seed/sample-org.json) is loaded by the org
 * module when its tables are empty; until that module exists there is nothing to seed.
 */
export async function seedLocalData(databaseUrl: string, log: Logger): Promise<void> {
  const seeders = await loadSeeders();
  for (const seed of seeders) await seed(databaseUrl, log);
}

async function loadSeeders(): Promise<((url: string, log: Logger) => Promise<void>)[]> {
  return [];
}
