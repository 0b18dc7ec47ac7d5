import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../../libs/contracts/src/search-attributes';
import { temporalCliPath } from './paths';
import { waitFor } from './ports';

export interface RunningTemporal {
  address: string;
  uiUrl: string;
  namespace: string;
  stop(): Promise<void>;
}

/** The Temporal CLI dev server with a SQLite file, so workflow state survives a restart. */
export async function startTemporalDevServer(opts: {
  dataDir: string;
  port: number;
  uiPort: number;
  namespace?: string;
  headless?: boolean;
  /** Where the Web UI sends payloads to decode: the gateway's `/codec` (issue 16 §9). */
  uiCodecEndpoint?: string;
  /** Server dynamic config (e.g. shorter long polls, so fault tests see a dead worker sooner). */
  dynamicConfig?: Record<string, string | number | boolean>;
  log?: (line: string) => void;
}): Promise<RunningTemporal> {
  const cli = temporalCliPath();
  if (!existsSync(cli)) throw new Error(`Temporal CLI missing at ${cli}: run infra/provision.sh`);
  mkdirSync(opts.dataDir, { recursive: true });
  const namespace = opts.namespace ?? 'default';
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    `${opts.dataDir}/temporal.db`,
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    '--namespace',
    namespace,
    '--log-level',
    'error',
    ...(opts.headless ? ['--headless'] : ['--ui-ip', '127.0.0.1', '--ui-port', String(opts.uiPort)]),
    ...(opts.uiCodecEndpoint && !opts.headless ? ['--ui-codec-endpoint', opts.uiCodecEndpoint] : []),
    ...Object.entries(opts.dynamicConfig ?? {}).flatMap(([key, value]) => [
      '--dynamic-config-value',
      `${key}=${JSON.stringify(value)}`,
    ]),
    ...SEARCH_ATTRIBUTE_DEFINITIONS.flatMap((sa) => ['--search-attribute', `${sa.name}=${sa.temporalType}`]),
  ];
  const child: ChildProcess = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let exited: string | undefined;
  child.on('exit', (code, signal) => (exited = `exited with ${code ?? signal}`));
  const forward = (chunk: Buffer) => opts.log?.(chunk.toString());
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  const address = `127.0.0.1:${opts.port}`;
  await waitFor(
    'Temporal dev server',
    async () => {
      if (exited) throw new Error(`temporal ${exited}`);
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
      } finally {
        await connection.close();
      }
    },
    120_000,
  );
  return {
    address,
    namespace,
    uiUrl: `http://127.0.0.1:${opts.uiPort}`,
    stop: () => stopChild(child),
  };
}

export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
