import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { ENCRYPTED_ENCODING } from '@shuangcha/config';
import { temporalCliPath } from '../../../infra/stack/paths';
import { freePort } from '../../../infra/stack/ports';
import { startTemporalDevServer } from '../../../infra/stack/temporal';
import { aCase, PEOPLE } from '../../../test/builders/case.builder';
import { eventually } from '../../../test/support/case-driver';
import { startGateway, type GatewayHarness } from '../../../test/support/gateway-harness';

/**
 * Issue 16 §9: case text never sits in clear in Temporal. A decision's comment goes through the real gateway
 * and worker; its history, read with a client that has no codec, holds only ciphertext, and the gateway's
 * codec endpoint gives it back to a supervisor, and to nobody else.
 */
const J = 'u-county-x';
const UI_ORIGIN = 'http://127.0.0.1:18233';

let gw: GatewayHarness;
let connection: Connection;
let workflowId = '';
const comment = `comment-in-confidence-${randomUUID()}`;

const run = promisify(execFile);
const utf8 = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

/**
 * Every payload (`{ metadata, data }`) of a history that went through the data converter. Search attributes
 * (indexed by the server, opaque ids only), the SDK's patch markers (patch ids), its local-activity
 * bookkeeping and the headers interceptors write (only the W3C trace context, `traceparent`) never pass a
 * codec. bytesIn still reads all of them, so case text in any of them fails the test.
 */
function payloadsIn(node: unknown, found: Payload[] = []): Payload[] {
  if (node === null || typeof node !== 'object' || node instanceof Uint8Array) return found;
  const record = node as Record<string, unknown>;
  if (record.metadata && typeof record.metadata === 'object' && record.data instanceof Uint8Array) {
    found.push(record as Payload);
    return found;
  }
  const marker = record.markerRecordedEventAttributes as
    { markerName?: string; details?: Record<string, unknown> } | undefined;
  if (marker?.markerName === 'core_patch') return found;
  if (marker?.markerName === 'core_local_activity') {
    // The SDK's own record of a local activity (its type, attempt and times) is written in clear, like a
    // scheduled activity's attributes; its result passes the codec as any payload. bytesIn still reads both.
    const { data: _bookkeeping, ...rest } = marker.details ?? {};
    return payloadsIn(rest, found);
  }
  for (const [key, value] of Object.entries(record))
    if (key !== 'searchAttributes' && key !== 'header') payloadsIn(value, found);
  return found;
}

/** The payloads of every `header` in a history: what interceptors pass along beside the arguments. */
function headerPayloadsIn(node: unknown, found: Payload[] = []): Payload[] {
  if (node === null || typeof node !== 'object' || node instanceof Uint8Array) return found;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === 'header' && value && typeof value === 'object') {
      const fields = (value as { fields?: Record<string, Payload> }).fields ?? {};
      found.push(...Object.values(fields));
    } else headerPayloadsIn(value, found);
  }
  return found;
}

/** Every byte string anywhere in a history, as text: wherever the comment might hide in clear. */
function bytesIn(node: unknown, found: string[] = []): string[] {
  if (node instanceof Uint8Array) found.push(utf8(node));
  else if (node !== null && typeof node === 'object') for (const value of Object.values(node)) bytesIn(value, found);
  return found;
}

const toJson = (payload: Payload) => ({
  metadata: Object.fromEntries(
    Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')]),
  ),
  data: Buffer.from(payload.data ?? []).toString('base64'),
});

async function historyPayloads(): Promise<{ payloads: Payload[]; texts: string[] }> {
  // A plain client, as anyone with access to Temporal (its database, its API, its Web UI) would read it.
  const history = await new Client({ connection }).workflow.getHandle(workflowId).fetchHistory();
  return { payloads: payloadsIn(history), texts: bytesIn(history) };
}

beforeAll(async () => {
  gw = await startGateway({ worker: true, env: { TEMPORAL_UI_URL: `${UI_ORIGIN}/namespaces/default` } });
  connection = await Connection.connect({ address: gw.config.TEMPORAL_ADDRESS });
  const cmo = await gw.token(PEOPLE.caseManagementOfficer, ['staff'], [J]);
  const { openedBy: _o, requestKey: _r, ...body } = aCase().build();
  const opened = await gw
    .http()
    .post('/cases')
    .set('authorization', cmo)
    .set('idempotency-key', `k-${randomUUID()}`)
    .send(body);
  expect(opened.status).toBe(201);
  const intake = await eventually(async () => {
    const inbox = await gw.http().get('/tasks').set('authorization', cmo);
    return (
      inbox.body.items as { caseId: string; stage: string; taskId: string; workflowId: string; version: number }[]
    )
      ?.filter((t) => t.caseId === opened.body.caseId)
      .find((t) => t.stage === 'intake');
  }, 'the intake task in the inbox');
  workflowId = intake.workflowId;
  const decided = await gw
    .http()
    .post(`/tasks/${intake.taskId}/decision`)
    .set('authorization', cmo)
    .set('idempotency-key', `k-${randomUUID()}`)
    .send({ taskVersion: intake.version, outcome: 'REGISTERED', comment, basis: [{ regulation: 'WR', article: '1' }] });
  expect(decided.status).toBe(200);
});

afterAll(async () => {
  await connection?.close();
  await gw?.close();
});

describe('case text in Temporal', () => {
  it('stores no plaintext comment of a decision in the workflow history, only encrypted payloads', async () => {
    const { payloads, texts } = await historyPayloads();
    expect(payloads.length).toBeGreaterThan(0);
    expect(payloads.filter((p) => utf8(p.metadata?.encoding) !== ENCRYPTED_ENCODING)).toEqual([]);
    expect(texts.filter((t) => t.includes(comment))).toEqual([]);
  });

  it('passes nothing but the trace context in clear in headers', async () => {
    const history = await new Client({ connection }).workflow.getHandle(workflowId).fetchHistory();
    const keys = headerPayloadsIn(history).flatMap((p) => Object.keys(JSON.parse(utf8(p.data)) as object));
    expect([...new Set(keys)].filter((k) => k !== 'traceparent' && k !== 'tracestate')).toEqual([]);
  });
});

describe('the codec endpoint for the Temporal Web UI', () => {
  const decode = () => gw.http().post('/codec/decode').set('x-namespace', 'default');

  it("gives a supervisor the decision's comment back, and audits the decode", async () => {
    const { payloads } = await historyPayloads();
    // A person of their own, so other tests' decodes do not count here.
    const supervisor = await gw.token('p-codec-audited', ['supervisor'], [J]);
    const res = await decode()
      .set('authorization', supervisor)
      .send({ payloads: payloads.map(toJson) });
    expect(res.status).toBe(200);
    const texts = (res.body.payloads as { data: string }[]).map((p) => Buffer.from(p.data, 'base64').toString('utf8'));
    expect(texts.some((t) => t.includes(comment))).toBe(true);
    const audited: { after: { namespace: string; encrypted: number } }[] = await gw.dataSource.query(
      `SELECT after FROM audit_entries WHERE case_id = 'payload-codec' AND action = 'PAYLOADS_DECODED' AND actor_id = $1`,
      ['p-codec-audited'],
    );
    expect(audited.map((a) => a.after)).toEqual([
      expect.objectContaining({ namespace: 'default', encrypted: payloads.length, keyIds: ['test-1'] }),
    ]);
  });

  it('refuses staff (403), a supervisor of no jurisdiction (403) and a caller without a token (401)', async () => {
    const { payloads } = await historyPayloads();
    const body = { payloads: payloads.slice(0, 1).map(toJson) };
    const staff = await decode()
      .set('authorization', await gw.token(PEOPLE.caseManagementOfficer, ['staff'], [J]))
      .send(body);
    const nowhere = await decode()
      .set('authorization', await gw.token('p-codec-roving', ['supervisor'], []))
      .send(body);
    const anonymous = await decode().send(body);
    expect([staff.status, nowhere.status, anonymous.status]).toEqual([403, 403, 401]);
    expect(JSON.stringify([staff.body, nowhere.body, anonymous.body])).not.toContain(
      Buffer.from(comment).toString('base64'),
    );
  });

  it('refuses a supervisor whom a case is about: the endpoint cannot tell whose case a payload is', async () => {
    const { payloads } = await historyPayloads();
    const res = await decode()
      .set('authorization', await gw.token(PEOPLE.subject, ['supervisor'], [J]))
      .send({ payloads: payloads.map(toJson) });
    expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
    expect(JSON.stringify(res.body)).not.toContain(Buffer.from(comment).toString('base64'));
  });

  it('answers 422 PAYLOAD_UNDECODABLE for an altered payload', async () => {
    const { payloads } = await historyPayloads();
    const altered = toJson(payloads[0]);
    const data = Buffer.from(altered.data, 'base64');
    data[data.length - 1] ^= 0x01;
    const res = await decode()
      .set('authorization', await gw.token('p-codec-supervisor', ['supervisor'], [J]))
      .send({ payloads: [{ ...altered, data: data.toString('base64') }] });
    expect([res.status, res.body.code]).toEqual([422, 'PAYLOAD_UNDECODABLE']);
  });

  it('encodes what it is given so that decode restores it', async () => {
    const token = await gw.token('p-codec-admin', ['admin'], [J]);
    const plain = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: 'InNpZ25hbCI=' };
    const encoded = await gw
      .http()
      .post('/codec/encode')
      .set('authorization', token)
      .send({ payloads: [plain] });
    expect(encoded.status).toBe(200);
    expect(Buffer.from(encoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe(ENCRYPTED_ENCODING);
    const decoded = await decode().set('authorization', token).send(encoded.body);
    expect(decoded.body.payloads).toEqual([plain]);
  });

  it("answers the Web UI's CORS preflight from its origin, with the Authorization header allowed", async () => {
    const preflight = await gw
      .http()
      .options('/codec/decode')
      .set('origin', UI_ORIGIN)
      .set('access-control-request-method', 'POST')
      .set('access-control-request-headers', 'authorization,content-type,x-namespace');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
    expect(preflight.headers['access-control-allow-methods']).toMatch(/POST/);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);
    expect(preflight.headers['access-control-allow-headers']).toMatch(/X-Namespace/);
    const post = await decode()
      .set('origin', UI_ORIGIN)
      .set('authorization', await gw.token('p-codec-supervisor', ['supervisor'], [J]))
      .send({ payloads: [] });
    expect([post.status, post.headers['access-control-allow-origin']]).toEqual([200, UI_ORIGIN]);
  });

  it('opens a codec session for a supervisor: an HttpOnly cookie for /codec only, which decodes like the token', async () => {
    const { payloads } = await historyPayloads();
    const opened = await gw
      .http()
      .post('/codec/session')
      .set('authorization', await gw.token('p-codec-session', ['supervisor'], [J]));
    expect(opened.status).toBe(204);
    const [setCookie] = opened.headers['set-cookie'] as unknown as string[];
    const attributes = setCookie.split('; ').slice(1);
    expect(attributes).toEqual(
      expect.arrayContaining(['Path=/codec', 'HttpOnly', 'SameSite=Strict', expect.stringMatching(/^Expires=/)]),
    );
    expect(attributes).not.toContain('Secure');
    const cookie = setCookie.split(';')[0];

    const decoded = await decode()
      .set('origin', UI_ORIGIN)
      .set('cookie', cookie)
      .send({ payloads: payloads.map(toJson) });
    expect(decoded.status).toBe(200);
    expect(decoded.headers['access-control-allow-credentials']).toBe('true');
    const texts = (decoded.body.payloads as { data: string }[]).map((p) =>
      Buffer.from(p.data, 'base64').toString('utf8'),
    );
    expect(texts.some((t) => t.includes(comment))).toBe(true);
    const audited: { n: number }[] = await gw.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_entries WHERE case_id = 'payload-codec' AND actor_id = 'p-codec-session'`,
    );
    expect(audited[0].n).toBe(1);
    // Anywhere else the cookie is nobody: it cannot act on a case or read one.
    const elsewhere = await gw.http().get('/tasks').set('cookie', cookie);
    expect([elsewhere.status, elsewhere.body.code]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('opens no codec session for staff, for a person a case is about, or without a token; a forged cookie is nobody', async () => {
    const staff = await gw
      .http()
      .post('/codec/session')
      .set('authorization', await gw.token(PEOPLE.caseManagementOfficer, ['staff'], [J]));
    const subject = await gw
      .http()
      .post('/codec/session')
      .set('authorization', await gw.token(PEOPLE.subject, ['supervisor'], [J]));
    const anonymous = await gw.http().post('/codec/session');
    expect([staff.status, subject.status, anonymous.status]).toEqual([403, 403, 401]);
    expect([staff, subject, anonymous].map((r) => r.headers['set-cookie'])).toEqual([undefined, undefined, undefined]);
    expect(staff.headers['content-type']).toMatch(/application\/problem\+json/);
    const forged = await decode().set('cookie', 'shuangcha_codec=not.a.token').send({ payloads: [] });
    expect([forged.status, forged.body.code]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('grants no other origin, and no CORS outside /codec', async () => {
    const foreign = await gw
      .http()
      .options('/codec/decode')
      .set('origin', 'http://evil.example')
      .set('access-control-request-method', 'POST');
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const elsewhere = await gw.http().get('/health').set('origin', UI_ORIGIN);
    expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('a Temporal client pointed at the codec endpoint', () => {
  it("shows a supervisor the decision's comment in the history, and a staff member nothing decoded", async () => {
    await gw.app.listen(0, '127.0.0.1');
    const endpoint = `${await gw.app.getUrl()}/codec`.replace('[::1]', '127.0.0.1');
    const show = async (token: string) => {
      const { stdout } = await run(temporalCliPath(), [
        'workflow',
        'show',
        '--address',
        gw.config.TEMPORAL_ADDRESS,
        '--workflow-id',
        workflowId,
        '--codec-endpoint',
        endpoint,
        '--codec-auth',
        token,
        '--output',
        'json',
      ]).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
      // The CLI prints payloads as proto JSON: their bytes are base64, decoded or not.
      return [...stdout.matchAll(/"data": "([A-Za-z0-9+/=]+)"/g)].map((m) =>
        Buffer.from(m[1], 'base64').toString('utf8'),
      );
    };
    const asSupervisor = await show(await gw.token('p-codec-supervisor', ['supervisor'], [J]));
    const asStaff = await show(await gw.token(PEOPLE.caseManagementOfficer, ['staff'], [J]));
    expect(asSupervisor.some((text) => text.includes(comment))).toBe(true);
    expect(asStaff.some((text) => text.includes(comment))).toBe(false);
  });
});

describe('the Temporal Web UI of the dev server', () => {
  it('reports the codec endpoint it was started with in its settings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shuangcha-ui-'));
    const uiPort = await freePort();
    const temporal = await startTemporalDevServer({
      dataDir: dir,
      port: await freePort(),
      uiPort,
      uiCodecEndpoint: 'http://127.0.0.1:3000/codec',
    });
    try {
      const settings = await eventually(async () => {
        const res = await fetch(`http://127.0.0.1:${uiPort}/api/v1/settings`).catch(() => undefined);
        return res?.ok ? ((await res.json()) as { Codec?: { Endpoint?: string } }) : undefined;
      }, 'the Web UI settings');
      expect(settings.Codec?.Endpoint).toBe('http://127.0.0.1:3000/codec');
    } finally {
      await temporal.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
