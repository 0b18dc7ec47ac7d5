import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema.gen';
import { currentToken, signOutExpired } from '../auth/session';

/** Every call goes through the types generated from apps/gateway/openapi.json: a changed route fails `tsc -b`. */
export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];

const auth: Middleware = {
  onRequest({ request }) {
    const token = currentToken();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) signOutExpired();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);

/** The Idempotency-Key of one attempt; a retry of the same submission reuses it (STYLE §5). */
export function newIdempotencyKey(): string {
  return `console-${crypto.randomUUID()}`;
}

/** A failed call: the problem+json when the gateway answered, or none when the network failed. */
export class ApiError extends Error {
  constructor(
    readonly problem: Problem | null,
    readonly status: number,
  ) {
    super(problem ? `${problem.code}: ${problem.detail}` : `HTTP ${status}`);
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'code' in value && 'traceId' in value;
}

/** The body of a successful call, or an ApiError carrying the gateway's problem. */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await request;
  } catch {
    throw new ApiError(null, 0);
  }
  if (result.response.ok && result.data !== undefined) return result.data;
  throw new ApiError(isProblem(result.error) ? result.error : null, result.response.status);
}
