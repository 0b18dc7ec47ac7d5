import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { checkoutRoot, type AppConfig } from '@shuangcha/config';
import { shanghaiLocalDate } from '@shuangcha/domain/calendar';
import { isDisciplineBodyKind, type OrgSnapshot } from '@shuangcha/domain/org';
import { OrgRepository } from '@shuangcha/persistence';

/** Where the console is served; its Vite `base` is the same path. */
export const CONSOLE_PATH = '/console';

const DEFAULT_DIST = join(checkoutRoot(__dirname), 'apps/console/dist');

/** A person the local sign-in page offers: who they are and the discipline posts they hold today. */
export interface DevSignInPerson {
  id: string;
  displayName: string;
  posts: { title: string; body: string }[];
}

/** What the page needs before anyone signs in; nothing here is secret (the OIDC client is public, PKCE). */
export interface ConsoleConfig {
  authMode: 'dev' | 'oidc';
  oidc: { issuer: string; clientId: string; scope: string } | null;
  temporalUiUrl: string;
  /** AUTH_MODE=dev only: everyone may mint a dev token there anyway, so listing the sample org adds nothing. */
  devPeople: DevSignInPerson[];
  /** AUTH_MODE=dev only: unit names, so local pages show 清水县卫生健康局 rather than u-county-health. */
  devUnits: { id: string; name: string }[];
  /** AUTH_MODE=dev only: every person's name, subjects and party officials included. */
  devNames: Record<string, string>;
}

/**
 * People with a current post, those of discipline bodies (who work cases) first, then party officials (who
 * answer for rectification items), each group by body.
 */
export function devSignInPeople(snapshot: OrgSnapshot, asOf: string): DevSignInPerson[] {
  const bodies = new Map(snapshot.bodies.map((b) => [b.id, b]));
  const positions = new Map(snapshot.positions.map((p) => [p.id, p]));
  const posts = new Map<string, { title: string; body: string }[]>();
  const discipline = new Set<string>();
  for (const tenure of snapshot.tenures) {
    if (tenure.from > asOf || (tenure.to !== null && tenure.to < asOf)) continue;
    const position = positions.get(tenure.positionId);
    const body = position && bodies.get(position.bodyId);
    if (!position || !body) continue;
    if (isDisciplineBodyKind(body.kind)) discipline.add(tenure.personId);
    const list = posts.get(tenure.personId) ?? [];
    list.push({ title: position.title ?? position.role, body: body.name ?? body.id });
    posts.set(tenure.personId, list);
  }
  return snapshot.persons
    .filter((person) => posts.has(person.id))
    .map((person) => ({ id: person.id, displayName: person.displayName, posts: posts.get(person.id) ?? [] }))
    .sort(
      (a, b) =>
        Number(discipline.has(b.id)) - Number(discipline.has(a.id)) ||
        a.posts[0].body.localeCompare(b.posts[0].body, 'zh-CN') ||
        a.id.localeCompare(b.id),
    );
}

/**
 * Serves the built console and its `config.json` with the express Nest already runs. These are files, not
 * API routes, so they stay out of the OpenAPI document like `/docs`. Paths the console routes itself
 * (`/console/cases/…`) get its index.html.
 */
export function mountConsole(app: NestExpressApplication, config: AppConfig): void {
  const dist = config.CONSOLE_DIST_DIR ?? DEFAULT_DIST;
  const org = app.get(OrgRepository);
  app.use(`${CONSOLE_PATH}/config.json`, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET') return next();
    void consoleConfig(config, org).then(
      (body) => res.set('cache-control', 'no-store').json(body),
      (error: unknown) => next(error),
    );
  });
  app.useStaticAssets(dist, { prefix: `${CONSOLE_PATH}/`, index: false, fallthrough: true });
  app.use(CONSOLE_PATH, (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || /\.[a-z0-9]+$/i.test(req.path)) return next();
    const index = join(dist, 'index.html');
    if (!existsSync(index)) {
      res.status(404).type('text/plain').send('The console is not built: npm run build --prefix apps/console');
      return;
    }
    res.set('cache-control', 'no-cache').sendFile(index);
  });
}

async function consoleConfig(config: AppConfig, org: OrgRepository): Promise<ConsoleConfig> {
  const oidc =
    config.AUTH_MODE === 'oidc' && config.AUTH_OIDC_ISSUER && config.AUTH_OIDC_CONSOLE_CLIENT_ID
      ? { issuer: config.AUTH_OIDC_ISSUER, clientId: config.AUTH_OIDC_CONSOLE_CLIENT_ID, scope: 'openid profile' }
      : null;
  let devPeople: DevSignInPerson[] = [];
  let devUnits: { id: string; name: string }[] = [];
  let devNames: Record<string, string> = {};
  if (config.AUTH_MODE === 'dev' && !(await org.isEmpty())) {
    const asOf = shanghaiLocalDate(Date.now());
    const snapshot = await org.loadSnapshot(asOf);
    devPeople = devSignInPeople(snapshot, asOf);
    devUnits = snapshot.units.map((unit) => ({ id: unit.id, name: unit.name }));
    devNames = Object.fromEntries(snapshot.persons.map((person) => [person.id, person.displayName]));
  }
  return { authMode: config.AUTH_MODE, oidc, temporalUiUrl: config.TEMPORAL_UI_URL, devPeople, devUnits, devNames };
}
