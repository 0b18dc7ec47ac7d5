import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ModulesContainer } from '@nestjs/core';
import { loadConfig } from '@shuangcha/config';
import { PUBLIC_ROUTE } from '../auth/public.decorator';
import { createGatewayApp } from '../main';
import { ACCESS_RULE } from './can.decorator';

interface Route {
  method: string;
  path: string;
  rule: 'public' | string | null;
}

/** Every route of every controller the app registers, read from Nest's module graph (no database needed). */
function routesOf(app: NestExpressApplication): Route[] {
  const routes: Route[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const prefix = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        if (name === 'constructor') continue;
        const handler: unknown = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || !Reflect.hasMetadata(PATH_METADATA, handler)) continue;
        const paths = [Reflect.getMetadata(PATH_METADATA, handler) as string | string[]].flat();
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const rule = Reflect.getMetadata(PUBLIC_ROUTE, handler)
          ? 'public'
          : (Reflect.getMetadata(ACCESS_RULE, handler) as { action: string; subject: string } | undefined)
            ? `${(Reflect.getMetadata(ACCESS_RULE, handler) as { action: string }).action}`
            : null;
        for (const path of paths)
          routes.push({
            method,
            path: `/${[prefix, path].filter(Boolean).join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1'),
            rule,
          });
      }
    }
  }
  return routes;
}

function expressRoutes(app: NestExpressApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as {
    router?: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  };
  return (express.router?.stack ?? [])
    .filter((layer) => layer.route)
    .flatMap((layer) => Object.keys(layer.route!.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path}`));
}

describe('route access rules', () => {
  let app: NestExpressApplication;
  beforeAll(async () => {
    app = await createGatewayApp(
      loadConfig({ SHUANGCHA_ENV: 'local', AUTH_MODE: 'dev', AUTH_DEV_SECRET: 'x'.repeat(32), LOG_LEVEL: 'silent' }),
      { preview: true },
    );
  });
  afterAll(() => app.close());

  it('finds every route the router serves', () => {
    const declared = routesOf(app)
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, ':$1')}`)
      .sort();
    const served = expressRoutes(app)
      .filter((r) => !r.includes('/docs') && !r.includes('openapi'))
      .sort();
    if (served.length > 0) expect(declared).toEqual(served);
    expect(declared.length).toBeGreaterThanOrEqual(17);
  });

  it('declares an access rule (@Can or @Public) on every route', () => {
    const missing = routesOf(app)
      .filter((r) => r.rule === null)
      .map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
  });

  it('keeps public routes to health probes and the dev token endpoint', () => {
    const open = routesOf(app)
      .filter((r) => r.rule === 'public')
      .map((r) => r.path)
      .sort();
    expect(open).toEqual(['/dev/tokens', '/health', '/health/live', '/health/ready', '/ready']);
  });
});
