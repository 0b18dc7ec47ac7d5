import type { ProblemCode, ProblemFieldError } from '@shuangcha/contracts/http';

/** A failure the gateway itself decides on; the problem filter renders it with the code's status. */
export class ProblemException extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    readonly extra: {
      errors?: ProblemFieldError[];
      checks?: Record<string, string>;
      caseId?: string;
      /** Seconds a client should wait before retrying (sent as Retry-After). */
      retryAfter?: number;
      /** A need-to-know refusal (answered as 404 so existence does not leak), audited like a 403. */
      denied?: boolean;
      /** Why it was refused (SUBJECT, RECUSED, …): for the audit entry only, never sent to the caller. */
      refusal?: string;
    } = {},
  ) {
    super(detail);
    this.name = 'ProblemException';
  }
}

/**
 * Carries the case an operation was about to the filter, which audits rejections and denials on that
 * case's chain instead of the gateway's pseudo case.
 */
export class CaseOperationError extends Error {
  constructor(
    readonly caseId: string,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'CaseOperationError';
  }
}

export async function onCase<T>(caseId: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw new CaseOperationError(caseId, error);
  }
}
