import { rmSync } from 'node:fs';
import type { RunningPostgres } from '../../infra/stack/postgres';
import type { RunningTemporal } from '../../infra/stack/temporal';

export default async function globalTeardown(): Promise<void> {
  const stack = (globalThis as Record<string, unknown>).__shuangchaStack as
    { postgres: RunningPostgres; temporal: RunningTemporal; dir: string } | undefined;
  if (!stack) return;
  await Promise.allSettled([stack.temporal.stop(), stack.postgres.stop()]);
  rmSync(stack.dir, { recursive: true, force: true });
}
