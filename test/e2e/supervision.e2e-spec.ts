import { eventually } from '../support/case-driver';
import { startAppStack, type AppStack } from '../support/app-stack';

interface Exit {
  name: string;
  code: number | null;
  signal: string | null;
}

describe('the launcher restarts an app that dies', () => {
  const exits: Exit[] = [];
  const restarts: { name: string; pid: number | undefined }[] = [];
  let stack: AppStack;

  beforeAll(async () => {
    stack = await startAppStack(
      {},
      {
        supervise: {
          exited: (name, exit) => exits.push({ name, code: exit.code, signal: exit.signal }),
          restarted: (name, pid) => restarts.push({ name, pid }),
        },
      },
    );
  });
  afterAll(async () => stack?.stop());

  const ready = async () => (await fetch(`${stack.baseUrl}/ready`).catch(() => undefined))?.status === 200;

  it('restarts a worker killed with SIGKILL and reports its exit', async () => {
    const before = stack.worker.child.pid;
    stack.worker.child.kill('SIGKILL');
    await eventually(async () => (restarts.some((r) => r.name === 'worker') ? true : undefined), 'worker restart');
    expect(exits).toContainEqual({ name: 'worker', code: null, signal: 'SIGKILL' });
    expect(stack.worker.child.pid).not.toBe(before);
    expect(stack.worker.child.exitCode).toBeNull();
  });

  it('restarts a gateway killed with SIGKILL, which then answers ready again', async () => {
    const before = stack.gateway.child.pid;
    stack.gateway.child.kill('SIGKILL');
    await eventually(async () => (restarts.some((r) => r.name === 'gateway') ? true : undefined), 'gateway restart');
    expect(exits).toContainEqual({ name: 'gateway', code: null, signal: 'SIGKILL' });
    expect(stack.gateway.child.pid).not.toBe(before);
    await eventually(async () => ((await ready()) ? true : undefined), 'gateway ready after restart', 120_000);
  });
});
