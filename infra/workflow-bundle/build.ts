import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { BUNDLE_PATH, WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH, webpackConfigHook } from './webpack-hook';

/**
 * `npm run build:workflows`: the prebuilt bundle production workers load. A workflow importing anything
 * non-deterministic (fs, pg, Nest) fails here, at build time.
 */
export async function buildWorkflowBundle(): Promise<string> {
  const { code, sourceMap } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    webpackConfigHook,
    logger: {
      trace: () => undefined,
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: (m) => process.stderr.write(`${m}\n`),
      log: () => undefined,
    },
  });
  mkdirSync(dirname(BUNDLE_PATH), { recursive: true });
  writeFileSync(BUNDLE_PATH, code);
  writeFileSync(`${BUNDLE_PATH}.map`, sourceMap);
  return BUNDLE_PATH;
}

if (require.main === module) {
  buildWorkflowBundle().then(
    (path) => process.stdout.write(`workflow bundle written to ${path}\n`),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
}
