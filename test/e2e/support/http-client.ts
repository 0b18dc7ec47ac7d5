import { randomUUID } from 'node:crypto';
import type { CaseCreated, CaseDetail, Inbox, InboxTask, Problem } from '../../../libs/contracts/src/http';
import type { AppStack } from '../../support/app-stack';
import { eventually } from './eventually';

export interface HttpResult<T> {
  status: number;
  contentType: string;
  body: T;
}

/** The API as one person sees it: their own dev token on every request, fetch only. */
export class PersonClient {
  constructor(
    private readonly baseUrl: string,
    readonly personId: string,
    private readonly token: string,
  ) {}

  async get<T>(path: string): Promise<HttpResult<T>> {
    const res = await fetch(`${this.baseUrl}${path}`, { headers: { authorization: `Bearer ${this.token}` } });
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: (await res.json()) as T };
  }

  /** Every POST carries an Idempotency-Key (a fresh one unless the caller retries with its own). */
  async post<T>(path: string, body: unknown, idempotencyKey = `e2e-${randomUUID()}`): Promise<HttpResult<T>> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.token}`,
        'content-type': 'application/json',
        'idempotency-key': idempotencyKey,
      },
      body: JSON.stringify(body),
    });
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: (await res.json()) as T };
  }

  /** A multipart upload, as `POST /cases/{id}/attachments` takes evidence: form fields and one file. */
  async upload<T>(path: string, fields: Record<string, string>, file: { bytes: Buffer; filename: string }) {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([new Uint8Array(file.bytes)]), file.filename);
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'idempotency-key': `e2e-${randomUUID()}` },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as T };
  }

  async openCase(body: unknown): Promise<CaseCreated> {
    const res = await this.post<CaseCreated | Problem>('/cases', body);
    if (res.status !== 201)
      throw new Error(`POST /cases as ${this.personId}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as CaseCreated;
  }

  async caseDetail(caseId: string): Promise<CaseDetail> {
    const res = await this.get<CaseDetail | Problem>(`/cases/${caseId}`);
    if (res.status !== 200)
      throw new Error(`GET /cases/${caseId} as ${this.personId}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as CaseDetail;
  }

  /** Every open task of the person, page by page (a busy inbox holds more than one page). */
  async inbox(): Promise<InboxTask[]> {
    const items: InboxTask[] = [];
    let cursor: string | undefined;
    do {
      const query = cursor === undefined ? '?limit=200' : `?limit=200&cursor=${encodeURIComponent(cursor)}`;
      const res = await this.get<Inbox | Problem>(`/tasks${query}`);
      if (res.status !== 200)
        throw new Error(`GET /tasks as ${this.personId}: ${res.status} ${JSON.stringify(res.body)}`);
      const page = res.body as Inbox;
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return items;
  }

  /** Polls the person's inbox (an async projection) until a task of this case and stage shows up. */
  findInInbox(caseId: string, stage: string, kind: string, timeoutMs = 15_000): Promise<InboxTask> {
    return eventually(
      async () => (await this.inbox()).find((t) => t.caseId === caseId && t.stage === stage && t.kind === kind),
      `a ${kind} task of ${caseId} in ${stage} in the inbox of ${this.personId}`,
      timeoutMs,
    );
  }

  decide(
    taskId: string,
    body: { taskVersion: number; outcome: string; comment?: string; reason?: string; basis?: unknown[] },
  ) {
    return this.post<{ taskId: string; outcome: string; stage: string } | Problem>(`/tasks/${taskId}/decision`, body);
  }
}

/** Tokens are minted once per person and jurisdiction set. */
export async function personClient(
  stack: AppStack,
  personId: string,
  roles: string[] = ['staff'],
  jurisdictions: string[] = [],
): Promise<PersonClient> {
  return new PersonClient(stack.baseUrl, personId, await stack.token(personId, roles, jurisdictions));
}
