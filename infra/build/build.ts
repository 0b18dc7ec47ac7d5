import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { transformFile, type Options } from '@swc/core';
import { bundleApp } from './bundle';

/**
 * `npm run build` (after the type check and the workflow bundle): the gateway, the worker and everything
 * they import, compiled by swc to CommonJS in dist/app with source maps, keeping the source tree's layout
 * so `node --enable-source-maps dist/app/apps/<app>/src/main.js` runs without a loader. swc emits the
 * decorator metadata Nest's constructor injection needs and rewrites the `@shuangcha/*` paths to relative
 * requires; the type check is tsc's, before this.
 */
const ROOT = resolve(__dirname, '../..');
export const APP_DIST = join(ROOT, 'dist/app');
/** Folders the apps import at run time; specs, tests and the console (built by Vite) are left out. */
const SOURCES = ['apps/gateway/src', 'apps/worker/src', 'activities', 'libs', 'infra/workflow-bundle'];
/** Data files imported as JSON modules. */
const ASSETS = ['infra/seed'];

const SWC: Options = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
    baseUrl: ROOT,
    paths: {
      '@shuangcha/contracts': ['libs/contracts/src'],
      '@shuangcha/contracts/*': ['libs/contracts/src/*'],
      '@shuangcha/domain': ['libs/domain/src'],
      '@shuangcha/domain/*': ['libs/domain/src/*'],
      '@shuangcha/persistence': ['libs/persistence/src'],
      '@shuangcha/persistence/*': ['libs/persistence/src/*'],
      '@shuangcha/config': ['libs/config/src'],
      '@shuangcha/config/*': ['libs/config/src/*'],
    },
  },
  module: { type: 'commonjs' },
  sourceMaps: true,
};

const isSource = (file: string) =>
  file.endsWith('.ts') && !file.endsWith('.d.ts') && !/\.(spec|int-spec|workflow-spec|replay-spec)\.ts$/.test(file);

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) return entry === 'testing' || entry === 'node_modules' ? [] : sourcesUnder(full);
    return isSource(full) ? [full] : [];
  });
}

export async function buildApps(): Promise<{ files: number; bundles: Record<'gateway' | 'worker', number> }> {
  rmSync(APP_DIST, { recursive: true, force: true });
  const files = SOURCES.flatMap((dir) => sourcesUnder(join(ROOT, dir)));
  for (const file of files) {
    const out = join(APP_DIST, relative(ROOT, file)).replace(/\.ts$/, '.js');
    const { code, map } = await transformFile(file, { ...SWC, filename: file, outputPath: out });
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${code}\n//# sourceMappingURL=${out.split('/').pop()}.map\n`);
    if (map) writeFileSync(`${out}.map`, map);
  }
  for (const dir of ASSETS) cpSync(join(ROOT, dir), join(APP_DIST, dir), { recursive: true });
  const bundles = { gateway: 0, worker: 0 };
  for (const app of ['gateway', 'worker'] as const) bundles[app] = (await bundleApp(APP_DIST, app)).bytes;
  return { files: files.length, bundles };
}

if (require.main === module) {
  buildApps().then(
    ({ files, bundles }) =>
      process.stdout.write(
        `compiled ${files} files into ${relative(ROOT, APP_DIST)}; bundled the gateway ` +
          `(${(bundles.gateway / 1e6).toFixed(1)} MB) and the worker (${(bundles.worker / 1e6).toFixed(1)} MB)\n`,
      ),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
}
