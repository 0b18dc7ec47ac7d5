import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** Resident and peak resident memory of a process, in MiB, from /proc/<pid>/status (VmRSS, VmHWM). */
export function memoryOf(pid: number): { rssMiB: number; peakRssMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  const mib = (v: number) => Math.round((v / 1024) * 10) / 10;
  return { rssMiB: mib(kib('VmRSS')), peakRssMiB: mib(kib('VmHWM')) };
}

/** User plus system CPU seconds a process has used so far, from /proc/<pid>/stat (fields 14 and 15). */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU share of one core a process used over `windowMs`, in percent. */
export async function cpuPercentOver(pid: number, windowMs: number): Promise<number> {
  const before = cpuSecondsOf(pid);
  await pause(windowMs);
  return Math.round(((cpuSecondsOf(pid) - before) / (windowMs / 1000)) * 1000) / 10;
}

/**
 * Waits until each process uses under `percent` of a core for a whole second (the work the last phase left
 * behind, projections and child starts, is done), at most `maxMs`. Returns whether they went quiet.
 */
export async function settle(pids: number[], percent = 3, maxMs = 120_000): Promise<boolean> {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const shares = await Promise.all(pids.map((pid) => cpuPercentOver(pid, 1000)));
    if (shares.every((s) => s < percent)) return true;
  }
  return false;
}
