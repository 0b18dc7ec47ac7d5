import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { memoryOf } from '../../bench/proc';
import type { PersonClient } from '../../e2e/support/http-client';
import { openCaseWithIntake } from './fault-client';

/**
 * The memory the deployment gives a worker: the container limit in infra/k8s/worker.yaml, the bound the
 * sizing guidance (README "Sizing workers") and the worker options are chosen for.
 */
export function workerMemoryLimitMiB(): number {
  type Deployment = {
    kind: string;
    spec: { template: { spec: { containers: { resources?: { limits?: { memory?: string } } }[] } } };
  };
  const documents = parseAllDocuments(readFileSync(join(__dirname, '../../../infra/k8s/worker.yaml'), 'utf8'));
  const deployment = documents.map((d) => d.toJS() as Deployment).find((d) => d?.kind === 'Deployment');
  const limit = deployment?.spec.template.spec.containers[0].resources?.limits?.memory ?? '';
  const match = /^(\d+)(Mi|Gi)$/.exec(limit);
  if (!match) throw new Error(`infra/k8s/worker.yaml: a memory limit in Mi or Gi, not "${limit}"`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}

/** The worker's `temporal_sticky_cache_size` gauge, from its Prometheus endpoint; 0 before its first workflow task. */
async function stickyCacheSize(metricsPort: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const sizes = [...text.matchAll(/^temporal_sticky_cache_size(?:\{[^}]*\})? (\d+(?:\.\d+)?)$/gm)].map((m) =>
    Number(m[1]),
  );
  return Math.max(0, ...sizes);
}

export interface MemoryReading {
  opened: number;
  /** Case workflows plus their violation investigations. */
  workflows: number;
  rssBeforeMiB: number;
  rssAfterMiB: number;
  /** VmHWM: the most the worker ever held resident, since it started. */
  peakMiB: number;
  stickyCacheMax: number;
}

/**
 * Opens `count` cases four at a time through the gateway, each until its intake task reaches the inbox, while
 * sampling the worker's sticky cache; then reads its resident memory from /proc.
 */
export async function openCasesWatchingMemory(
  cmo: PersonClient,
  workerPid: number,
  metricsPort: number,
  count: number,
): Promise<MemoryReading> {
  const rssBeforeMiB = memoryOf(workerPid).rssMiB;
  let stickyCacheMax = await stickyCacheSize(metricsPort);
  let opened = 0;
  let next = 0;
  // Numbers of their own: drawn at random, a hundred cases would now and then draw one twice.
  const first = 900_000;
  const lane = async () => {
    while (next < count) {
      next += 1;
      await openCaseWithIntake(cmo, undefined, `2026-${first + next}`);
      opened += 1;
      if (opened % 25 === 0) stickyCacheMax = Math.max(stickyCacheMax, await stickyCacheSize(metricsPort));
    }
  };
  await Promise.all(Array.from({ length: 4 }, lane));
  stickyCacheMax = Math.max(stickyCacheMax, await stickyCacheSize(metricsPort));
  const { rssMiB, peakRssMiB } = memoryOf(workerPid);
  return { opened, workflows: opened * 2, rssBeforeMiB, rssAfterMiB: rssMiB, peakMiB: peakRssMiB, stickyCacheMax };
}
