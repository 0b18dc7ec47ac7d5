import { ProblemCode } from '@shuangcha/contracts/http';
import { ProblemException } from '../problem/problem.exception';

/** Opaque keyset cursor: the last case id of the page, so pages stay stable while cases are added. */
export function encodeCursor(caseId: string): string {
  return Buffer.from(JSON.stringify({ after: caseId }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, route = 'GET /cases'): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const after = (parsed as { after?: unknown }).after;
    if (typeof after === 'string' && after.length <= 80) return after;
  } catch {
    // fall through to the 400 below
  }
  throw badCursor(route);
}

export function badCursor(route: string): ProblemException {
  return new ProblemException(ProblemCode.ValidationFailed, 'the cursor is not one this API returned', {
    errors: [{ path: 'cursor', message: `not a cursor returned by ${route}` }],
  });
}
