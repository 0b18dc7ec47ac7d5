import { createServer } from 'node:net';

/** Asks the kernel for an unused loopback port, so parallel runs never collide. */
export function freePort(): Promise<number> {
  return listenOnce(0);
}

/** An unused port in [min, max], for a server that cannot use the kernel's ephemeral range above it. */
export async function freePortInRange(min: number, max: number): Promise<number> {
  for (;;) {
    const port = await listenOnce(min + Math.floor(Math.random() * (max - min + 1))).catch(() => undefined);
    if (port !== undefined) return port;
  }
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor<T>(what: string, probe: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await probe();
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${what} did not become ready within ${timeoutMs} ms: ${String(lastError)}`);
}
