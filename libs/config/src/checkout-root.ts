import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The checkout's root: the nearest ancestor of `from` whose package.json is this project's. Run from
 * source (`apps/gateway/src`) and compiled (`dist/app/apps/gateway/src`) alike, so files kept beside the
 * sources (the console build, the workflow bundle) are found by one rule.
 */
export function checkoutRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'shuangcha')
      return dir;
    if (dirname(dir) === dir) throw new Error(`no shuangcha package.json above ${from}`);
  }
}
