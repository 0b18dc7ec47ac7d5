import { resolve } from 'node:path';
import type { BundleOptions } from '@temporalio/worker';
import { TsconfigPathsPlugin } from 'tsconfig-paths-webpack-plugin';

/**
 * The Temporal bundler ignores tsconfig `paths`; this one hook teaches it `@shuangcha/*` for the worker,
 * the bundle script and the tests alike.
 */
type WebpackConfiguration = Parameters<NonNullable<BundleOptions['webpackConfigHook']>>[0];

export function webpackConfigHook(config: WebpackConfiguration): WebpackConfiguration {
  const root = resolve(__dirname, '../..');
  config.resolve = config.resolve ?? {};
  config.resolve.plugins = [
    ...(config.resolve.plugins ?? []),
    new TsconfigPathsPlugin({ configFile: resolve(root, 'tsconfig.json'), extensions: ['.ts', '.js'] }),
  ];
  return config;
}

export { BUNDLE_PATH, WORKFLOWS_PATH } from './paths';

/**
 * Workflow interceptors compiled into every bundle: OpenTelemetry's, which carry the trace context from
 * the Update or start into the workflow and on to its activities and children (behind a patch, see the
 * module). A worker loading this bundle registers the `exporter` sink they call, a no-op while tracing is off.
 */
export const WORKFLOW_INTERCEPTOR_MODULES = [resolve(__dirname, 'tracing.interceptors.ts')];
