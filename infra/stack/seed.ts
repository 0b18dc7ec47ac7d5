import type { Logger } from 'pino';
import { createDataSource, loadSampleOrgIfEmpty } from '../../libs/persistence/src';

/** First-start data for the local stack: the sample org, loaded only into an empty org model. */
export async function seedLocalData(databaseUrl: string, log: Logger): Promise<void> {
  const dataSource = await createDataSource(databaseUrl).initialize();
  try {
    const { loaded, counts } = await loadSampleOrgIfEmpty(dataSource);
    if (loaded) log.info({ counts }, 'sample org loaded (infra/seed/sample-org.json)');
  } finally {
    await dataSource.destroy();
  }
}
