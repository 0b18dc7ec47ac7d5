import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAppStack, type AppStack } from '../../test/support/app-stack';
import { APP_DIST, buildApps } from './build';

/**
 * Issue 14 item 5: `npm run build` compiles the apps to JavaScript with source maps, and the compiled
 * gateway and worker start without a loader (`npm run start:prod:*`): the gateway answers /health, and
 * /ready only once the compiled worker polls its task queue with the prebuilt workflow bundle.
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
  it('runs the compiled gateway and worker: /health answers and /ready sees the worker', async () => {
    for (const app of [stack.gateway, stack.worker]) {
      expect(app.child.spawnargs.join(' ')).toContain(`dist/app/apps/${app.name}/src/main.js`);
      expect(app.child.spawnargs).not.toContain('@swc-node/register');
    }
    const health = await fetch(`${stack.baseUrl}/health`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await fetch(`${stack.baseUrl}/ready`);
    expect(ready.status).toBe(200);
  });

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
