import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobinProxy {
  url: string;
  close(): Promise<void>;
}

/** How long a gateway that refused a connection is left out of the rotation (its supervisor restarts it). */
const DOWN_FOR_MS = 2000;

/**
 * The load balancer in front of several gateway instances in the cluster mode (`npm run dev:cluster`, the
 * `cluster` test tier): each request goes to the next instance in turn. An instance that cannot be reached
 * before anything was sent to it is skipped and the request goes to the next one; a request that was under
 * way on an instance that died gets 502, and the client retries it with the same Idempotency-Key, as it
 * would behind any load balancer. Local only: production puts the platform's load balancer (a Kubernetes
 * Service or Ingress) there.
 */
export async function startRoundRobinProxy(opts: { port: number; upstreams: string[] }): Promise<RoundRobinProxy> {
  const upstreams = opts.upstreams.map((base) => ({ url: new URL(base), downUntil: 0 }));
  const agent = new Agent({ keepAlive: true });
  let next = 0;

  const forward = (req: IncomingMessage, res: ServerResponse, tried: Set<number>) => {
    const now = Date.now();
    const order = upstreams.map((_, i) => (next + i) % upstreams.length).filter((i) => !tried.has(i));
    const index = order.find((i) => upstreams[i].downUntil <= now) ?? order[0];
    if (index === undefined) return badGateway(res, 'no gateway instance answered');
    next = (index + 1) % upstreams.length;
    tried.add(index);
    const upstream = upstreams[index];
    const forwardedFor = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    const outgoing = request({
      agent,
      host: upstream.url.hostname,
      port: upstream.url.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, 'x-forwarded-for': forwardedFor },
    });
    let sent = false;
    outgoing.on('socket', (socket) => {
      const send = () => {
        sent = true;
        req.pipe(outgoing);
      };
      if (socket.connecting) socket.once('connect', send);
      else send();
    });
    outgoing.on('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      upstream.downUntil = Date.now() + DOWN_FOR_MS;
      // Nothing of the request reached this instance: another one may serve it as if it were the first.
      if (!sent && error.code === 'ECONNREFUSED') return forward(req, res, tried);
      if (res.headersSent) res.destroy();
      else badGateway(res, `the gateway instance failed mid-request (${error.code ?? error.message})`);
    });
  };

  const server = createServer((req, res) => forward(req, res, new Set()));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}

/** RFC 9457 like the gateway's own answers; retryable, so clients back off and send the request again. */
function badGateway(res: ServerResponse, detail: string): void {
  res.writeHead(502, { 'content-type': 'application/problem+json', 'retry-after': '1' });
  res.end(JSON.stringify({ type: 'about:blank', title: 'Bad Gateway', status: 502, detail }));
}
