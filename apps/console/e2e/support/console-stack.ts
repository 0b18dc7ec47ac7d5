import { createDataSource, loadSampleOrgIfEmpty } from '../../../../libs/persistence/src';
import { startAppStack, type AppStack } from '../../../../test/support/app-stack';
import { startCaseNumbersAtOffset } from '../../../../test/support/case-numbers';

/**
 * Gateway and worker over the run's shared PostgreSQL and Temporal (like the e2e tier), with the sample
 * org loaded so the people have names and posts, and the gateway serving the built console.
 */
export function startConsoleStack(extraEnv: NodeJS.ProcessEnv = {}, gatewayPort?: number): Promise<AppStack> {
  return startAppStack(extraEnv, {
    gatewayPort,
    beforeStart: async (databaseUrl) => {
      const dataSource = await createDataSource(databaseUrl).initialize();
      try {
        await loadSampleOrgIfEmpty(dataSource);
        // The run's Temporal server never reuses a workflow id; other tiers' cases hold the first numbers.
        await startCaseNumbersAtOffset(dataSource, ['u-county-committee', 'u-city-committee']);
      } finally {
        await dataSource.destroy();
      }
    },
  });
}
