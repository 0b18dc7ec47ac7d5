import { startAppStack, type AppStack } from '../../../../test/support/app-stack';
import { loadSampleOrgWithOwnCaseNumbers } from '../../../../test/support/case-numbers';

/**
 * Gateway and worker over the run's shared PostgreSQL and Temporal (like the e2e tier), with the sample
 * org loaded so the people have names and posts, and the gateway serving the built console.
 */
export function startConsoleStack(extraEnv: NodeJS.ProcessEnv = {}, gatewayPort?: number): Promise<AppStack> {
  return startAppStack(extraEnv, {
    gatewayPort,
    // The run's Temporal server never reuses a workflow id; other tiers' cases hold the first numbers.
    beforeStart: loadSampleOrgWithOwnCaseNumbers,
  });
}
