import type { BenchResults, Figure, TargetResult } from './results';

const fmt = (value: number | null, unit: string): string =>
  value === null ? '–' : `${value.toLocaleString('en', { maximumFractionDigits: 3 })} ${unit}`;

/** Shuangcha divided by the baseline, e.g. "1.42x"; "–" without a baseline. */
export function ratioText(f: Figure): string {
  if (f.shuangcha === null || f.baseline === null || f.baseline === 0) return '–';
  return `${(f.shuangcha / f.baseline).toFixed(2)}x`;
}

/** A fixed-width text table for the console, one figure per line. */
export function consoleTable(figs: readonly Figure[]): string {
  const rows = [
    ['figure', 'Shuangcha', 'bare Temporal', 'baseline', 'ratio'],
    ...figs.map((f) => [f.label, fmt(f.shuangcha, f.unit), fmt(f.baseline, f.unit), f.baselineLabel, ratioText(f)]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

export function markdownTable(figs: readonly Figure[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    '| figure | Shuangcha | bare Temporal | baseline | ratio |',
    '|---|---:|---:|---|---:|',
    ...figs.map(
      (f) =>
        `| ${esc(f.label)} | ${fmt(f.shuangcha, f.unit)} | ${fmt(f.baseline, f.unit)} | ${esc(f.baselineLabel)} | ${ratioText(f)} |`,
    ),
  ].join('\n');
}

export function targetsTable(results: readonly TargetResult[]): string {
  return [
    '| target (issue 17) | status | measured |',
    '|---|---|---|',
    ...results.map((t) => `| ${t.target} | ${t.status} | ${t.measured} |`),
  ].join('\n');
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Horizontal bars, one pair per figure (bare Temporal above, Shuangcha below). The figures have different
 * units, so each pair is scaled to its own larger value and both values are written beside the bars.
 */
export function svgChart(figs: readonly Figure[], title: string): string {
  const width = 960;
  const labelWidth = 360;
  const barMax = width - labelWidth - 240;
  const pairHeight = 44;
  const top = 56;
  const height = top + figs.length * pairHeight + 16;
  const colours = { baseline: '#9aa5b1', shuangcha: '#c0392b' };
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="bold">${xml(title)}</text>`,
    `<rect x="12" y="32" width="12" height="12" fill="${colours.baseline}"/><text x="30" y="42">bare Temporal (or the limit)</text>`,
    `<rect x="230" y="32" width="12" height="12" fill="${colours.shuangcha}"/><text x="248" y="42">Shuangcha</text>`,
  ];
  figs.forEach((f, i) => {
    const y = top + i * pairHeight;
    const scale = Math.max(f.shuangcha ?? 0, f.baseline ?? 0) || 1;
    parts.push(`<text x="12" y="${y + 22}">${xml(f.label)}</text>`);
    const bar = (value: number | null, dy: number, fill: string, name: string) => {
      const w = value === null ? 0 : Math.max(1, Math.round((value / scale) * barMax));
      parts.push(`<rect x="${labelWidth}" y="${y + dy}" width="${w}" height="16" fill="${fill}"/>`);
      parts.push(
        `<text x="${labelWidth + w + 6}" y="${y + dy + 12}">${xml(`${fmt(value, f.unit)}${name ? ` (${name})` : ''}`)}</text>`,
      );
    };
    bar(f.baseline, 4, colours.baseline, f.baselineLabel);
    bar(f.shuangcha, 22, colours.shuangcha, '');
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

export const GENERATED_BEGIN = '<!-- bench:begin (written by npm run bench) -->';
export const GENERATED_END = '<!-- bench:end -->';

/** The generated part of docs/benchmarks.md: the machine, the sizes, every figure and the targets. */
export function markdownRun(r: BenchResults, figs: readonly Figure[], tgts: readonly TargetResult[]): string {
  const m = r.machine;
  const lines = [
    `Recorded ${r.startedAt} to ${r.finishedAt} on ${m.nproc} cores (${m.cpu}), ${m.memoryGiB} GiB memory, Node ${m.node}; load average at the start ${m.loadAverage.join(', ')}.`,
    '',
    `Temporal: ${r.temporal === 'server' ? 'the Temporal server on PostgreSQL (BENCH_TEMPORAL=server)' : 'the CLI dev server on SQLite'}.`,
    '',
    `Sizes: ${r.sizes.starts} starts each side, ${r.sizes.decisionsC1} decisions at concurrency 1 and ${r.sizes.decisionsC8} at concurrency 8 each side, ` +
      `${r.sizes.openCases.toLocaleString('en')} open cases (BENCH_OPEN_CASES), ${r.sizes.readModelRows.toLocaleString('en')} read-model cases ` +
      `(BENCH_READ_MODEL_ROWS), ${r.sizes.queryRepeats} requests per supervision route. Both workers: ` +
      `WORKER_MAX_CACHED_WORKFLOWS=${r.worker.maxCachedWorkflows}, WORKER_MAX_CONCURRENT_WORKFLOW_TASKS=${r.worker.maxConcurrentWorkflowTasks}, ` +
      `WORKER_MAX_CONCURRENT_ACTIVITIES=${r.worker.maxConcurrentActivities}.`,
    '',
    markdownTable(figs),
    '',
    '![baseline vs Shuangcha](benchmarks/chart.svg)',
    '',
    targetsTable(tgts),
  ];
  if (r.fullCase) {
    lines.push('', `Full case: ${r.fullCase.scope}, ${r.fullCase.realSeconds} s of real time.`, '');
    lines.push('| workflow | events | bytes |', '|---|---:|---:|');
    for (const w of r.fullCase.workflows)
      lines.push(`| ${w.workflowId} | ${w.events} | ${w.bytes.toLocaleString('en')} |`);
    lines.push('', 'Events of the whole case by type:', '', '| event type | events |', '|---|---:|');
    for (const [type, n] of Object.entries(r.fullCase.eventTypes)) lines.push(`| ${type} | ${n} |`);
  }
  if (r.errors.length) {
    lines.push('', 'Phases that failed in this run:', '');
    for (const e of r.errors) lines.push(`- ${e.phase}: ${e.message.split('\n')[0]}`);
  }
  return lines.join('\n');
}

/** Replaces the generated part of an existing document, keeping the hand-written text around it. */
export function spliceGenerated(existing: string | null, generated: string, preamble: string): string {
  const block = `${GENERATED_BEGIN}\n${generated}\n${GENERATED_END}`;
  if (existing === null || !existing.includes(GENERATED_BEGIN) || !existing.includes(GENERATED_END))
    return `${preamble}\n${block}\n`;
  const start = existing.indexOf(GENERATED_BEGIN);
  const end = existing.indexOf(GENERATED_END) + GENERATED_END.length;
  return `${existing.slice(0, start)}${block}${existing.slice(end)}`;
}
