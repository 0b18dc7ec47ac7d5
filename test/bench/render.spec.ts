import { progressLine } from './progress';
import {
  consoleTable,
  GENERATED_BEGIN,
  GENERATED_END,
  markdownRun,
  ratioText,
  spliceGenerated,
  svgChart,
} from './render';
import { figures, targets, type BenchResults, type Figure } from './results';

const lat = (p50: number, p99 = p50 * 2) => ({ count: 20, p50, p95: p99, p99, mean: p50, max: p99 });

function aRun(patch: Partial<BenchResults> = {}): BenchResults {
  return {
    startedAt: '2026-12-06T13:40:00.000Z',
    finishedAt: '2026-12-06T13:55:00.000Z',
    machine: { nproc: 2, memoryGiB: 23.5, cpu: 'Xeon', node: 'v20.20.2', loadAverage: [1, 2, 3] },
    sizes: {
      starts: 200,
      decisionsC1: 20,
      decisionsC8: 100,
      openCases: 2000,
      readModelRows: 100_000,
      queryRepeats: 50,
    },
    worker: { maxCachedWorkflows: 200, maxConcurrentWorkflowTasks: 40, maxConcurrentActivities: 50 },
    starts: { count: 200, concurrency: 8, shuangchaPerSecond: 30, baselinePerSecond: 60 },
    decisions: { c1: { shuangcha: lat(30), baseline: lat(24) }, c8: { shuangcha: lat(300), baseline: lat(150) } },
    memory: {
      openCases: 2000,
      openedHere: 1800,
      runningWorkflows: 4000,
      shuangcha: {
        rssBeforeMiB: 600,
        rssMiB: 700,
        peakRssMiB: 800,
        cpuMsPerStart: 100,
        idleCpuPercent: 0.5,
        openSeconds: 90,
      },
      baseline: {
        rssBeforeMiB: 290,
        rssMiB: 300,
        peakRssMiB: 320,
        cpuMsPerStart: 9,
        idleCpuPercent: 0,
        openSeconds: 30,
      },
    },
    supervision: {
      rows: 1_000_000,
      routes: {
        stalled: { http: lat(20, 40), direct: lat(10, 20) },
        overdue: { http: lat(30, 60), direct: lat(15, 30) },
        stats: { http: lat(300, 900), direct: lat(280, 850) },
      },
    },
    fullCase: {
      scope: 'scenario A',
      workflows: [
        { workflowId: 'case-1', events: 400, bytes: 200_000 },
        { workflowId: 'case-1/violation', events: 900, bytes: 500_000 },
      ],
      totalEvents: 1300,
      totalBytes: 700_000,
      eventTypes: { WORKFLOW_TASK_COMPLETED: 500, ACTIVITY_TASK_SCHEDULED: 300 },
      baseline: { events: 12, bytes: 2048 },
      realSeconds: 240,
    },
    errors: [],
    ...patch,
  };
}

describe('targets of issue 17', () => {
  it('reads each target off a run: ratios against the bare baseline, bounds at the target size', () => {
    expect(targets(aRun()).map((t) => [t.target, t.status])).toEqual([
      ['decision round trip p50 ≤ 1.5x the bare Update at concurrency 1', 'met'],
      ['decision round trip p50 ≤ 1.5x the bare Update at concurrency 8', 'missed'],
      ['case starts ≥ 0.8x the bare start rate', 'missed'],
      ['worker RSS < 1 GiB with 10,000 open cases', 'not measured'],
      ['supervision queries p95 < 100 ms with 1,000,000 cases', 'missed'],
      ['a full two-investigation case < 2,000 history events', 'met'],
    ]);
  });

  it('counts memory already over 1 GiB below 10,000 cases as missed, and a smaller read model as not measured', () => {
    const run = aRun();
    run.memory!.shuangcha.peakRssMiB = 1100;
    run.supervision!.rows = 100_000;
    const [, , , memory, supervision] = targets(run);
    expect(memory.status).toBe('missed');
    expect(supervision).toMatchObject({ status: 'not measured' });
    expect(supervision.measured).toContain('BENCH_READ_MODEL_ROWS=1000000');
  });

  it('sets a decision beside the bare Update that records one row, where the run measured it', () => {
    const run = aRun();
    run.decisions!.c1!.recordedBaseline = lat(20);
    const [c1, c8] = targets(run);
    expect(c1.measured).toBe(
      '30 ms vs 24 ms = 1.25x; against the bare Update that records one row first (20 ms): 1.5x',
    );
    expect(c8.measured).toBe('300 ms vs 150 ms = 2x');
    const recorded = figures(run).find((f) => f.label.includes('records one row'))!;
    expect([recorded.label, recorded.shuangcha, recorded.baseline, ratioText(recorded)]).toEqual([
      'decision round trip p50, concurrency 1, against a bare Update that records one row',
      30,
      20,
      '1.50x',
    ]);
  });

  it('says which phase did not run', () => {
    const run = aRun({ starts: undefined, fullCase: undefined });
    expect(
      targets(run)
        .filter((t) => t.status === 'not measured')
        .map((t) => t.measured),
    ).toEqual(['phase did not run', expect.stringContaining('BENCH_OPEN_CASES=10000'), 'phase did not run']);
  });
});

describe('figures and their rendering', () => {
  const figs = figures(aRun());

  it('puts every measured figure beside its baseline, the histories beside Temporal’s limits', () => {
    expect(figs.map((f) => f.label)).toContain('largest single history, events');
    const largest = figs.find((f) => f.label === 'largest single history, events')!;
    expect([largest.shuangcha, largest.baseline]).toEqual([900, 51_200]);
    const starts = figs[0];
    expect([starts.unit, starts.shuangcha, starts.baseline, ratioText(starts)]).toEqual(['/s', 30, 60, '0.50x']);
  });

  it('renders a console table with one aligned line per figure', () => {
    const lines = consoleTable(figs).split('\n');
    expect(lines).toHaveLength(figs.length + 2);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(lines[2]).toMatch(/^case starts per second, concurrency 8 \(200 each\)\s+30 \/s\s+60 \/s/);
  });

  it('draws a pair of bars per figure, each pair scaled to its larger value', () => {
    const two: Figure[] = [
      { label: 'a <b>', unit: 'ms', shuangcha: 50, baseline: 100, baselineLabel: 'bare' },
      { label: 'c', unit: 'ms', shuangcha: 3, baseline: null, baselineLabel: 'none' },
    ];
    const svg = svgChart(two, 'title & more');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('title &amp; more');
    expect(svg).toContain('a &lt;b&gt;');
    const widths = [...svg.matchAll(/<rect x="360" y="\d+" width="(\d+)"/g)].map((m) => Number(m[1]));
    expect(widths).toEqual([360, 180, 0, 360]);
  });

  it('writes the machine, the figures and the targets into the generated markdown', () => {
    const md = markdownRun(aRun(), figs, targets(aRun()));
    expect(md).toContain('on 2 cores (Xeon), 23.5 GiB memory, Node v20.20.2');
    expect(md).toContain(
      '| case starts per second, concurrency 8 (200 each) | 30 /s | 60 /s | client.workflow.start | 0.50x |',
    );
    expect(md).toContain('| case starts ≥ 0.8x the bare start rate | missed | 30/s vs 60/s = 0.5x |');
    expect(md).toContain('| case-1/violation | 900 | 500,000 |');
    expect(md).toContain('| WORKFLOW_TASK_COMPLETED | 500 |');
  });
});

describe('spliceGenerated', () => {
  it('replaces only the generated block of an existing document', () => {
    const doc = `# Benchmarks\n\nhand-written intro\n${GENERATED_BEGIN}\nold run\n${GENERATED_END}\n\n## What limits the rest\nprose\n`;
    const next = spliceGenerated(doc, 'new run', '# Benchmarks\n');
    expect(next).toBe(
      `# Benchmarks\n\nhand-written intro\n${GENERATED_BEGIN}\nnew run\n${GENERATED_END}\n\n## What limits the rest\nprose\n`,
    );
  });

  it('starts a document with the preamble when there is none or it has no generated block', () => {
    expect(spliceGenerated(null, 'run', '# B\n')).toBe(`# B\n\n${GENERATED_BEGIN}\nrun\n${GENERATED_END}\n`);
  });
});

describe('progressLine', () => {
  it('shows the step, a bar, the count and the time left', () => {
    expect(
      progressLine({ phase: 3, phases: 9, label: 'opening', done: 50, total: 200, elapsedMs: 10_000, width: 10 }),
    ).toBe('[3/9] opening  [###-------]  50/200  25%  10 s, ~30 s left');
  });

  it('shows only the elapsed time for a wait without a count', () => {
    expect(
      progressLine({ phase: 1, phases: 0, label: 'settling', done: 0, total: 0, elapsedMs: 2_400, width: 10 }),
    ).toBe('settling  2 s');
  });
});
