import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from './ports';
import { startRoundRobinProxy, type RoundRobinProxy } from './round-robin-proxy';

/** A stand-in gateway instance that names itself and echoes the request body. */
async function upstream(name: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-instance': name });
      res.end(JSON.stringify({ instance: name, method: req.method, url: req.url, body }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('the round-robin proxy in front of the gateway instances', () => {
  const servers: Server[] = [];
  let proxy: RoundRobinProxy | undefined;

  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
    for (const server of servers.splice(0)) if (server.listening) await close(server);
  });

  it('sends requests to each instance in turn with method, path and body unchanged', async () => {
    const [a, b] = [await upstream('a'), await upstream('b')];
    servers.push(a.server, b.server);
    proxy = await startRoundRobinProxy({ port: await freePort(), upstreams: [a.url, b.url] });

    const answers = [];
    for (let i = 0; i < 4; i += 1) {
      const res = await fetch(`${proxy.url}/tasks/t-1/decision?x=${i}`, { method: 'POST', body: `d${i}` });
      answers.push(await res.json());
    }
    expect(answers).toEqual([
      { instance: 'a', method: 'POST', url: '/tasks/t-1/decision?x=0', body: 'd0' },
      { instance: 'b', method: 'POST', url: '/tasks/t-1/decision?x=1', body: 'd1' },
      { instance: 'a', method: 'POST', url: '/tasks/t-1/decision?x=2', body: 'd2' },
      { instance: 'b', method: 'POST', url: '/tasks/t-1/decision?x=3', body: 'd3' },
    ]);
  });

  it('serves every request from the live instance while the other refuses connections', async () => {
    const a = await upstream('a');
    servers.push(a.server);
    const gone = `http://127.0.0.1:${await freePort()}`;
    proxy = await startRoundRobinProxy({ port: await freePort(), upstreams: [gone, a.url] });

    const served = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await fetch(`${proxy.url}/cases`, { method: 'POST', body: `c${i}` });
      served.push({ status: res.status, ...((await res.json()) as { instance: string; body: string }) });
    }
    expect(served.map(({ status, instance, body }) => ({ status, instance, body }))).toEqual([
      { status: 200, instance: 'a', body: 'c0' },
      { status: 200, instance: 'a', body: 'c1' },
      { status: 200, instance: 'a', body: 'c2' },
    ]);
  });

  it('answers a retryable 502 problem when the instance dies with the request under way', async () => {
    const dying = createServer((req) => req.socket.destroy());
    await new Promise<void>((resolve) => dying.listen(0, '127.0.0.1', resolve));
    servers.push(dying);
    proxy = await startRoundRobinProxy({
      port: await freePort(),
      upstreams: [`http://127.0.0.1:${(dying.address() as AddressInfo).port}`],
    });

    const res = await fetch(`${proxy.url}/tasks/t-1/decision`, { method: 'POST', body: '{}' });
    expect({
      status: res.status,
      type: res.headers.get('content-type'),
      retryAfter: res.headers.get('retry-after'),
    }).toEqual({ status: 502, type: 'application/problem+json', retryAfter: '1' });
    expect(await res.json()).toMatchObject({ status: 502, title: 'Bad Gateway' });
  });
});
