import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode, encode, type SourceMapSegment } from '@jridgewell/sourcemap-codec';
import { build, type Plugin } from 'esbuild';

/**
 * Optional peers that Nest, TypeORM and pg `require` inside a try/catch or only when configured, and that
 * are not installed: TypeORM's drivers other than PostgreSQL's, pg's native binding, Nest's microservices,
 * websockets and class-validator pipes. The bundle keeps the plain `require`, which fails as before.
 */
const ABSENT_OPTIONAL = [
  '@nestjs/microservices',
  '@nestjs/websockets',
  'class-transformer',
  'class-validator',
  'file-type',
  '@google-cloud/spanner',
  '@sap/hana-client',
  'better-sqlite3',
  'ioredis',
  'mongodb',
  'mssql',
  'mysql',
  'mysql2',
  'oracledb',
  'pg-native',
  'pg-query-stream',
  'react-native-sqlite-storage',
  'redis',
  'sql.js',
  'sqlite3',
  'typeorm-aurora-data-api-driver',
];

/** Packages both apps load from node_modules at run time, not from the bundle. */
const LOADED_FROM_NODE_MODULES = [
  // Only with ATTACHMENT_STORE=s3 (libs/persistence/src/storage): a local store never loads it.
  '@aws-sdk/*',
  // Find files beside their own code (`__dirname`): the project root (TypeORM, for ormconfig files we do
  // not use) and Swagger UI's assets for /docs.
  'app-root-path',
  'swagger-ui-dist',
];

/**
 * The worker also loads the Temporal SDK from node_modules: its core bridge is native, it starts its workflow
 * threads from files of its own package, and our activities must share its one copy of
 * `@temporalio/activity` (the AsyncLocalStorage behind `Context.current()` and the activity `log`). The
 * SDK loads rxjs and the OpenTelemetry API from there too; Nest and our tracing use that one copy.
 */
const WORKER_LOADED_FROM_NODE_MODULES = ['@temporalio/*', '@opentelemetry/api', 'rxjs'];

/**
 * The worker bundles workflows from source only in a fresh dev checkout without a prebuilt bundle; that
 * fallback (webpack, a dev dependency) stays a `require` of the compiled file beside the bundle.
 */
const devWorkflowBundler: Plugin = {
  name: 'dev-workflow-bundler',
  setup(esbuild) {
    esbuild.onResolve({ filter: /\/infra\/workflow-bundle\/webpack-hook$/ }, ({ path }) => ({ path, external: true }));
  },
};

/**
 * One file per app: `dist/app/apps/<app>/src/main.js`, compiled by swc, is bundled with our other compiled
 * files and the pure-JavaScript packages they import into the same path, so the commands that start it
 * stay as they were. Loading ~2,200 files one by one (resolve, stat, read, wrap) was most of the start.
 * esbuild follows swc's source maps back to the TypeScript; `keepNames` keeps class names (TypeORM names
 * migrations by theirs, Nest's logs name providers) where the bundle renames clashing identifiers.
 */
export async function bundleApp(appDist: string, app: 'gateway' | 'worker'): Promise<{ bytes: number }> {
  const entry = join(appDist, `apps/${app}/src/main.js`);
  const result = await build({
    entryPoints: [entry],
    outfile: entry,
    allowOverwrite: true,
    write: false,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    keepNames: true,
    sourcemap: 'linked',
    sourcesContent: false,
    external: [
      ...ABSENT_OPTIONAL,
      ...LOADED_FROM_NODE_MODULES,
      ...(app === 'worker' ? WORKER_LOADED_FROM_NODE_MODULES : []),
    ],
    plugins: [devWorkflowBundler],
    logLevel: 'error',
  });
  let bytes = 0;
  for (const file of result.outputFiles) {
    const text = file.path.endsWith('.map')
      ? JSON.stringify(ownCodeOnly(JSON.parse(file.text) as SourceMap))
      : file.text;
    writeFileSync(file.path, text);
    if (!file.path.endsWith('.map')) bytes = file.contents.byteLength;
  }
  return { bytes };
}

interface SourceMap {
  version: number;
  sources: string[];
  sourcesContent?: (string | null)[];
  names: string[];
  mappings: string;
}

/**
 * Keeps the bundle's source map to our own code. A position inside a bundled package maps to nothing (a
 * segment of a generated column only, where the package's code begins), so `--enable-source-maps` names
 * the TypeScript line of each of our frames and the bundle's line of a package's frame (the comment above
 * that code in the bundle names the package's file). Mapping every token of Nest, TypeORM and the Temporal
 * client made the map 4 to 8 MB, which Node reads at load and parses whole on the first stack trace: the
 * Temporal SDK formats one while the worker starts.
 */
export function ownCodeOnly(map: SourceMap): SourceMap {
  const kept = new Map<number, number>();
  map.sources.forEach((source, index) => {
    if (!source.includes('node_modules/')) kept.set(index, kept.size);
  });
  // Node maps a position to the nearest segment before it, on its line or an earlier one.
  let unmapped = false;
  const lines = decode(map.mappings).map((line) =>
    line.flatMap((segment): SourceMapSegment[] => {
      const source = segment.length === 1 ? undefined : kept.get(segment[1]);
      if (source === undefined) {
        if (unmapped) return [];
        unmapped = true;
        return [[segment[0]]];
      }
      unmapped = false;
      const renumbered = [...segment];
      renumbered[1] = source;
      return [renumbered as SourceMapSegment];
    }),
  );
  return {
    ...map,
    sources: map.sources.filter((_, index) => kept.has(index)),
    ...(map.sourcesContent && { sourcesContent: map.sourcesContent.filter((_, index) => kept.has(index)) }),
    mappings: encode(lines),
  };
}
