import type { Latency } from './measure';

/** What one `npm run bench` run measured; written as JSON and rendered as table, chart and markdown. */
export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  machine: { nproc: number; memoryGiB: number; cpu: string; node: string; loadAverage: number[] };
  /** Which Temporal server both sides ran on (BENCH_TEMPORAL); absent in runs recorded before it existed. */
  temporal?: 'dev' | 'server';
  sizes: {
    starts: number;
    decisionsC1: number;
    decisionsC8: number;
    openCases: number;
    readModelRows: number;
    queryRepeats: number;
  };
  /** Worker settings of both workers (the Shuangcha worker and the bare baseline worker). */
  worker: { maxCachedWorkflows: number; maxConcurrentWorkflowTasks: number; maxConcurrentActivities: number };
  starts?: { count: number; concurrency: number; shuangchaPerSecond: number; baselinePerSecond: number };
  decisions?: Partial<
    Record<
      'c1' | 'c8',
      {
        shuangcha: Latency;
        baseline: Latency;
        /** The bare Update that commits one PostgreSQL row first; absent in runs recorded before it existed. */
        recordedBaseline?: Latency;
      }
    >
  >;
  memory?: {
    openCases: number;
    /** How many of them this phase opened (the rest came from the earlier phases); CPU is per these. */
    openedHere: number;
    /** Running workflows behind those cases (a case is a parent plus its violation investigation). */
    runningWorkflows: number;
    shuangcha: WorkerFootprint;
    baseline: WorkerFootprint;
  };
  supervision?: {
    rows: number;
    routes: Record<SupervisionRoute, { http: Latency; direct: Latency }>;
  };
  fullCase?: {
    /** What the case went through, e.g. "scenario A: violation investigation and trace-back with 6 reviews". */
    scope: string;
    workflows: { workflowId: string; events: number; bytes: number }[];
    totalEvents: number;
    totalBytes: number;
    /** Events of the whole case by type (WORKFLOW_TASK_COMPLETED, ACTIVITY_TASK_SCHEDULED, …), most first. */
    eventTypes: Record<string, number>;
    /** The minimal baseline workflow after its one Update, for scale. */
    baseline: { events: number; bytes: number };
    realSeconds: number;
  };
  errors: { phase: string; message: string }[];
}

export type SupervisionRoute = 'stalled' | 'overdue' | 'stats';

export interface WorkerFootprint {
  /** RSS when the phase began, with the cases (workflows) the earlier phases left open. */
  rssBeforeMiB: number;
  rssMiB: number;
  peakRssMiB: number;
  /** CPU time (user + system) the worker spent per case (workflow) opened, until it went quiet again. */
  cpuMsPerStart: number;
  /** CPU share of one core while nothing but timers is pending, over a quiet window. */
  idleCpuPercent: number;
  openSeconds: number;
}

/** Temporal's default per-execution limits (history count and size error limits). */
export const TEMPORAL_LIMITS = { events: 51_200, bytes: 50 * 1024 * 1024 } as const;

/** One line of the table and one pair of bars in the chart. */
export interface Figure {
  label: string;
  unit: string;
  shuangcha: number | null;
  baseline: number | null;
  baselineLabel: string;
}

const MIB = 1024 * 1024;

function latencyFigures(
  label: (p: 'p50' | 'p95' | 'p99') => string,
  percentiles: ('p50' | 'p95' | 'p99')[],
  shuangcha: Latency,
  baseline: Latency,
  baselineLabel: string,
): Figure[] {
  return percentiles.map((p) => ({
    label: label(p),
    unit: 'ms',
    shuangcha: shuangcha[p],
    baseline: baseline[p],
    baselineLabel,
  }));
}

export function figures(r: BenchResults): Figure[] {
  const out: Figure[] = [];
  if (r.starts) {
    out.push({
      label: `case starts per second, concurrency ${r.starts.concurrency} (${r.starts.count} each)`,
      unit: '/s',
      shuangcha: r.starts.shuangchaPerSecond,
      baseline: r.starts.baselinePerSecond,
      baselineLabel: 'client.workflow.start',
    });
  }
  for (const c of ['c1', 'c8'] as const) {
    const d = r.decisions?.[c];
    if (!d) continue;
    out.push(
      ...latencyFigures(
        (p) => `decision round trip ${p}, concurrency ${c.slice(1)} (${d.shuangcha.count} each)`,
        ['p50', 'p99'],
        d.shuangcha,
        d.baseline,
        'executeUpdate',
      ),
    );
    if (d.recordedBaseline)
      out.push(
        ...latencyFigures(
          (p) => `decision round trip ${p}, concurrency ${c.slice(1)}, against a bare Update that records one row`,
          ['p50'],
          d.shuangcha,
          d.recordedBaseline,
          'executeUpdate + local activity INSERT',
        ),
      );
  }
  if (r.memory) {
    const m = r.memory;
    const pair = (label: string, unit: string, pick: (f: WorkerFootprint) => number): Figure => ({
      label,
      unit,
      shuangcha: pick(m.shuangcha),
      baseline: pick(m.baseline),
      baselineLabel: 'bare worker',
    });
    out.push(
      pair(
        `worker RSS with ${(m.openCases - m.openedHere).toLocaleString('en')} open cases`,
        'MiB',
        (f) => f.rssBeforeMiB,
      ),
      pair(`worker RSS with ${m.openCases.toLocaleString('en')} open cases on timers`, 'MiB', (f) => f.rssMiB),
      pair('worker peak RSS (VmHWM)', 'MiB', (f) => f.peakRssMiB),
      pair('worker CPU per case opened (bare: per workflow)', 'ms', (f) => f.cpuMsPerStart),
      pair('worker CPU while only timers wait', '%', (f) => f.idleCpuPercent),
    );
  }
  if (r.supervision) {
    for (const route of ['stalled', 'overdue', 'stats'] as const) {
      const s = r.supervision.routes[route];
      const rows = r.supervision.rows.toLocaleString('en');
      out.push(
        ...latencyFigures(
          (p) => `GET /supervision/${route} ${p}, ${rows} cases`,
          ['p50', 'p95'],
          s.http,
          s.direct,
          'same SQL, no HTTP',
        ),
      );
    }
  }
  if (r.fullCase) {
    const f = r.fullCase;
    const largest = Math.max(...f.workflows.map((w) => w.events));
    const largestBytes = Math.max(...f.workflows.map((w) => w.bytes));
    out.push(
      {
        label: `history events of one full case (${f.workflows.length} workflows)`,
        unit: 'events',
        shuangcha: f.totalEvents,
        baseline: f.baseline.events,
        baselineLabel: 'one-Update workflow',
      },
      {
        label: 'largest single history, events',
        unit: 'events',
        shuangcha: largest,
        baseline: TEMPORAL_LIMITS.events,
        baselineLabel: 'Temporal limit',
      },
      {
        label: `history bytes of one full case`,
        unit: 'KiB',
        shuangcha: Math.round(f.totalBytes / 1024),
        baseline: Math.round(f.baseline.bytes / 1024),
        baselineLabel: 'one-Update workflow',
      },
      {
        label: 'largest single history, bytes',
        unit: 'MiB',
        shuangcha: Math.round((largestBytes / MIB) * 1000) / 1000,
        baseline: TEMPORAL_LIMITS.bytes / MIB,
        baselineLabel: 'Temporal limit',
      },
    );
  }
  return out;
}

export type TargetStatus = 'met' | 'missed' | 'not measured';

export interface TargetResult {
  target: string;
  status: TargetStatus;
  measured: string;
}

const ratio = (a: number, b: number): number => Math.round((a / b) * 100) / 100;

/** The targets of issue 17, read off a run; a target whose condition the run's sizes did not reach is "not measured". */
export function targets(r: BenchResults): TargetResult[] {
  const out: TargetResult[] = [];
  for (const c of ['c1', 'c8'] as const) {
    const d = r.decisions?.[c];
    const target = `decision round trip p50 ≤ 1.5x the bare Update at concurrency ${c.slice(1)}`;
    if (!d) out.push({ target, status: 'not measured', measured: 'phase did not run' });
    else {
      const x = ratio(d.shuangcha.p50, d.baseline.p50);
      out.push({
        target,
        status: x <= 1.5 ? 'met' : 'missed',
        measured:
          `${d.shuangcha.p50} ms vs ${d.baseline.p50} ms = ${x}x` +
          (d.recordedBaseline
            ? `; against the bare Update that records one row first (${d.recordedBaseline.p50} ms): ${ratio(d.shuangcha.p50, d.recordedBaseline.p50)}x`
            : ''),
      });
    }
  }
  const starts = 'case starts ≥ 0.8x the bare start rate';
  if (!r.starts) out.push({ target: starts, status: 'not measured', measured: 'phase did not run' });
  else {
    const x = ratio(r.starts.shuangchaPerSecond, r.starts.baselinePerSecond);
    out.push({
      target: starts,
      status: x >= 0.8 ? 'met' : 'missed',
      measured: `${r.starts.shuangchaPerSecond}/s vs ${r.starts.baselinePerSecond}/s = ${x}x`,
    });
  }
  const memory = 'worker RSS < 1 GiB with 10,000 open cases';
  if (!r.memory) out.push({ target: memory, status: 'not measured', measured: 'phase did not run' });
  else {
    const m = r.memory;
    const measured = `${m.shuangcha.rssMiB} MiB (peak ${m.shuangcha.peakRssMiB} MiB) with ${m.openCases.toLocaleString('en')} open cases`;
    const under = m.shuangcha.peakRssMiB < 1024;
    out.push({
      target: memory,
      status: m.openCases >= 10_000 ? (under ? 'met' : 'missed') : under ? 'not measured' : 'missed',
      measured: m.openCases >= 10_000 ? measured : `${measured} (BENCH_OPEN_CASES=10000 for the target's size)`,
    });
  }
  const supervision = 'supervision queries p95 < 100 ms with 1,000,000 cases';
  if (!r.supervision) out.push({ target: supervision, status: 'not measured', measured: 'phase did not run' });
  else {
    const s = r.supervision;
    const worst = Math.max(...Object.values(s.routes).map((x) => x.http.p95));
    const measured = `slowest p95 ${worst} ms with ${s.rows.toLocaleString('en')} cases`;
    const under = worst < 100;
    out.push({
      target: supervision,
      status: s.rows >= 1_000_000 ? (under ? 'met' : 'missed') : 'not measured',
      measured: s.rows >= 1_000_000 ? measured : `${measured} (BENCH_READ_MODEL_ROWS=1000000 for the target's size)`,
    });
  }
  const history = 'a full two-investigation case < 2,000 history events';
  if (!r.fullCase) out.push({ target: history, status: 'not measured', measured: 'phase did not run' });
  else {
    out.push({
      target: history,
      status: r.fullCase.totalEvents < 2_000 ? 'met' : 'missed',
      measured: `${r.fullCase.totalEvents.toLocaleString('en')} events in ${r.fullCase.workflows.length} workflows (${r.fullCase.scope})`,
    });
  }
  return out;
}
