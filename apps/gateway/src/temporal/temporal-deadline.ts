import type { Connection } from '@temporalio/client';
import type { NextFunction, Request, Response } from 'express';

/**
 * One deadline for everything a request asks of Temporal, retries included: without it a call waits on a
 * Temporal that does not answer for as long as the socket lives. A per-call deadline would not bound a
 * request either, as the client repeats an Update call and its result poll until the server answers with
 * an outcome. Registered after the body parser, whose stream events would not carry the request's context.
 */
export function temporalRequestDeadline(connection: Connection, timeoutMs: number) {
  return (_req: Request, _res: Response, next: NextFunction): void => {
    connection.withDeadline(Date.now() + timeoutMs, async () => next()).catch(next);
  };
}
