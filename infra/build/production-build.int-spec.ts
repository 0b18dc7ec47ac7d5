import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startAppStack, type AppStack } from '../../test/support/app-stack';
import { APP_DIST, buildApps } from './build';

/**
 * Issue 14 item 5: `npm run build` compiles the apps to JavaScript with source maps and bundles each into
 * one file, and the compiled gateway and worker start without a loader (`npm run start:prod:*`): the
 * gateway answers /health, and /ready only once the compiled worker polls its task queue with the
 * prebuilt workflow bundle.
 */
let stack: AppStack;

beforeAll(async () => {
  await buildApps();
  stack = await startAppStack({}, { build: 'compiled' });
});

afterAll(async () => {
  await stack?.stop();
});

describe('production build (issue 14 item 5)', () => {
  it('runs the compiled gateway and worker: /health answers, /ready sees the worker, a signed-in request is served', async () => {
    for (const app of [stack.gateway, stack.worker]) {
      expect(app.child.spawnargs.join(' ')).toContain(`dist/app/apps/${app.name}/src/main.js`);
      expect(app.child.spawnargs).not.toContain('@swc-node/register');
    }
    const health = await fetch(`${stack.baseUrl}/health`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await fetch(`${stack.baseUrl}/ready`);
    expect(ready.status).toBe(200);
    // A signed-in request: the bundled token verification (jose, loaded by dynamic import), guard and read model.
    const me = await fetch(`${stack.baseUrl}/me`, {
      headers: { authorization: `Bearer ${await stack.token('p-0001')}` },
    });
    expect(me.status).toBe(200);
  });

  it('serves the OpenAPI document, built on the first request, and Swagger UI with its assets', async () => {
    const served = await fetch(`${stack.baseUrl}/openapi.json`);
    expect(served.status).toBe(200);
    const committed = JSON.parse(readFileSync(resolve(__dirname, '../../apps/gateway/openapi.json'), 'utf8')) as {
      paths: object;
    };
    expect(Object.keys(((await served.json()) as { paths: object }).paths).sort()).toEqual(
      Object.keys(committed.paths).sort(),
    );
    const asset = await fetch(`${stack.baseUrl}/docs/swagger-ui-bundle.js`);
    expect([asset.status, (await asset.text()).length > 0]).toEqual([200, true]);
  });

  it.each(['gateway', 'worker'] as const)(
    'runs the %s from one bundled file whose stack traces name the TypeScript lines',
    async (app) => {
      const main = join(APP_DIST, `apps/${app}/src/main.js`);
      const start = app === 'gateway' ? 'bootstrap' : 'startWorker';
      // An invalid port fails the configuration: the error's stack runs through our code in the bundle.
      const script =
        `const app = require(${JSON.stringify(main)});` +
        `const loaded = Object.keys(require.cache);` +
        `app.${start}().catch((error) => process.stdout.write(JSON.stringify({ loaded, stack: error.stack })));`;
      const { stdout } = await promisify(execFile)(process.execPath, ['--enable-source-maps', '-e', script], {
        cwd: resolve(__dirname, '../..'),
        env: { ...process.env, GATEWAY_PORT: 'not-a-port' },
      });
      const { loaded, stack } = JSON.parse(stdout) as { loaded: string[]; stack: string };
      expect(loaded.filter((file) => file.startsWith(APP_DIST))).toEqual([main]);
      expect(stack).toMatch(/at loadConfig \(\S*libs\/config\/src\/app-config\.ts:\d+:\d+\)/);
      expect(stack).toMatch(new RegExp(`at \\S*${start} \\(\\S*apps/${app}/src/main\\.ts:\\d+:\\d+\\)`));
    },
  );

  it('ships a source map beside each compiled file, pointing at the TypeScript source', () => {
    const map = JSON.parse(readFileSync(join(APP_DIST, 'apps/gateway/src/main.js.map'), 'utf8')) as {
      sources: string[];
    };
    expect(map.sources.some((source) => source.endsWith('apps/gateway/src/main.ts'))).toBe(true);
    expect(readFileSync(join(APP_DIST, 'apps/gateway/src/main.js'), 'utf8')).toMatch(
      /\/\/# sourceMappingURL=main\.js\.map\s*$/,
    );
  });
});
