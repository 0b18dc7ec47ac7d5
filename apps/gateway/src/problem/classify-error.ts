import { HttpException } from '@nestjs/common';
import {
  isGrpcServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ZodValidationException } from 'nestjs-zod';
import { ZodError } from 'zod';
import { CaseFailure } from '@shuangcha/contracts';
import { ProblemCode, type ProblemFieldError } from '@shuangcha/contracts/http';
import { CaseOperationError, ProblemException } from './problem.exception';

export interface ClassifiedError {
  code: ProblemCode;
  detail: string;
  errors?: ProblemFieldError[];
  checks?: Record<string, string>;
  /** Seconds, for 503s: how long a client should wait before retrying. */
  retryAfter?: number;
  caseId?: string;
  /** Audited as DENIED even when the status is not 401/403. */
  denied?: boolean;
  /** The real reason of a need-to-know refusal, for the audit only. */
  refusal?: string;
  /** A workflow validator's rejection (audited as UPDATE_REJECTED rather than DENIED). */
  rejectedByCase?: boolean;
}

const TEMPORAL_RETRY_AFTER_S = 5;
const DATABASE_RETRY_AFTER_S = 5;
const NO_WORKER_RETRY_AFTER_S = 10;
// gRPC status codes meaning "the server could not be reached in time", not "the call was wrong".
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;
// Temporal shedding load (its rate limits, too many outstanding requests on one workflow): a retry later
// succeeds, so it is the engine being busy, not the request being wrong or the gateway failing.
const GRPC_RESOURCE_EXHAUSTED = 8;
// The gateway never cancels a call itself: a CANCELLED status is the server giving up on it, as it does on a
// query whose worker died under it.
const GRPC_CANCELLED = 1;
// The server's answer to a query or Update on a task queue that no worker polls.
const GRPC_FAILED_PRECONDITION = 9;
/**
 * PostgreSQL's own "cannot serve now" classes (08 connection exception, 57P01–57P03 shutdown or starting,
 * 53300 too many connections) and the socket errors node-postgres surfaces when the server is gone.
 */
const PG_UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;
const SOCKET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);
const PG_CLIENT_GIVE_UP =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|canceling statement due to statement timeout/i;

/**
 * Each failure type a validator or activity throws → its problem code. A `Record` over the enum, so a new
 * `CaseFailure` without a code here fails to compile.
 */
const CASE_FAILURE_CODES: Readonly<Record<CaseFailure, ProblemCode>> = {
  [CaseFailure.WrongStage]: ProblemCode.WrongStage,
  [CaseFailure.RecusedApprover]: ProblemCode.RecusedApprover,
  [CaseFailure.DuplicateDecision]: ProblemCode.DuplicateDecision,
  [CaseFailure.StaleTaskVersion]: ProblemCode.StaleTaskVersion,
  [CaseFailure.ExtensionLimitReached]: ProblemCode.ExtensionLimitReached,
  [CaseFailure.InvalidDecision]: ProblemCode.InvalidDecision,
  [CaseFailure.OutcomeNotAllowed]: ProblemCode.OutcomeNotAllowed,
  [CaseFailure.RoleNotAllowed]: ProblemCode.RoleNotAllowed,
  [CaseFailure.NotAssignee]: ProblemCode.NotAssignee,
  [CaseFailure.TaskNotFound]: ProblemCode.TaskNotFound,
  [CaseFailure.MissingEvidence]: ProblemCode.MissingEvidence,
  [CaseFailure.VerifierIsResponsiblePerson]: ProblemCode.VerifierIsResponsiblePerson,
  [CaseFailure.InvalidRectificationList]: ProblemCode.InvalidRectificationList,
  [CaseFailure.InvestigationTeamInvalid]: ProblemCode.InvestigationTeamInvalid,
  [CaseFailure.MeasureNotAllowed]: ProblemCode.MeasureNotAllowed,
  // Activity-side failures; should one ever reach an Update's caller it is still the request's problem.
  [CaseFailure.CaseMissing]: ProblemCode.UpdateRejected,
  [CaseFailure.UnknownPolicy]: ProblemCode.UpdateRejected,
  [CaseFailure.OrgModelMissing]: ProblemCode.UpdateRejected,
};

const isCaseFailure = (type: string): type is CaseFailure => Object.hasOwn(CASE_FAILURE_CODES, type);

/** The validator's failure type → problem code; the workflow's reason becomes the detail unchanged. */
export function codeForCaseFailure(type: string | undefined | null): ProblemCode {
  // A rejection is the caller's problem by definition (never 500), even of a type this gateway predates.
  return type && isCaseFailure(type) ? CASE_FAILURE_CODES[type] : ProblemCode.UpdateRejected;
}

function zodFieldErrors(error: ZodError): ProblemFieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
  }));
}

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && current !== null && chain.length < 8;) {
    chain.push(current);
    current = current instanceof Error ? (current as Error & { cause?: unknown }).cause : undefined;
  }
  return chain;
}

/**
 * The Temporal client's own errors only: a socket error from PostgreSQL also says ECONNREFUSED, and must
 * not be reported as the workflow engine being down.
 */
export function isTemporalUnavailable(error: unknown): boolean {
  return causes(error).some(
    (e) =>
      e instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
      (isGrpcServiceError(e) &&
        (e.code === GRPC_UNAVAILABLE ||
          e.code === GRPC_DEADLINE_EXCEEDED ||
          e.code === GRPC_CANCELLED ||
          e.code === GRPC_RESOURCE_EXHAUSTED)) ||
      (e instanceof Error && /Failed to connect before the deadline|No connection established/i.test(e.message)),
  );
}

export function isNoWorker(error: unknown): boolean {
  return causes(error).some(
    (e) => isGrpcServiceError(e) && e.code === GRPC_FAILED_PRECONDITION && /no poller/i.test(e.details ?? e.message),
  );
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return causes(error).some((e) => {
    if (!(e instanceof Error) || isGrpcServiceError(e)) return false;
    const code = (e as Error & { code?: unknown }).code;
    if (typeof code === 'string' && (PG_UNAVAILABLE_SQLSTATE.test(code) || SOCKET_ERRORS.has(code))) return true;
    return PG_CLIENT_GIVE_UP.test(e.message);
  });
}

interface BodyParserError {
  type: string;
  status: number;
  message: string;
}
function isBodyParserError(error: unknown): error is BodyParserError {
  return error instanceof Error && typeof (error as Partial<BodyParserError>).type === 'string' && 'status' in error;
}

/** Maps anything a request can throw to one problem code. Unknown errors are INTERNAL, never echoed. */
export function classifyError(error: unknown): ClassifiedError {
  if (error instanceof CaseOperationError) return { ...classifyError(error.cause), caseId: error.caseId };
  if (error instanceof ProblemException) {
    return { code: error.code, detail: error.detail, ...error.extra };
  }
  if (error instanceof ZodValidationException) {
    const zodError = error.getZodError();
    return {
      code: ProblemCode.ValidationFailed,
      detail: 'the request does not match the schema',
      errors: zodError instanceof ZodError ? zodFieldErrors(zodError) : [],
    };
  }
  if (error instanceof ZodError) {
    return {
      code: ProblemCode.ValidationFailed,
      detail: 'the request does not match the schema',
      errors: zodFieldErrors(error),
    };
  }
  if (error instanceof WorkflowExecutionAlreadyStartedError) {
    return {
      code: ProblemCode.CaseAlreadyFiled,
      detail: `a case with workflow id ${error.workflowId} is already filed`,
    };
  }
  if (error instanceof WorkflowNotFoundError) {
    return { code: ProblemCode.CaseNotFound, detail: `no case ${error.workflowId}` };
  }
  if (error instanceof WorkflowUpdateFailedError) {
    const failure = error.cause instanceof ApplicationFailure ? error.cause : undefined;
    return { code: codeForCaseFailure(failure?.type), detail: failure?.message ?? error.message, rejectedByCase: true };
  }
  if (isNoWorker(error)) {
    return {
      code: ProblemCode.NoWorker,
      detail: 'no worker is serving cases right now; the request changed nothing, retry later',
      retryAfter: NO_WORKER_RETRY_AFTER_S,
    };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      code: ProblemCode.DatabaseUnavailable,
      detail: 'the database cannot be reached; retry later',
      retryAfter: DATABASE_RETRY_AFTER_S,
    };
  }
  if (causes(error).some((e) => e instanceof WorkflowUpdateRPCTimeoutOrCancelledError)) {
    // The Update may already be admitted: a worker that comes back applies it (seen in the faults tier).
    return {
      code: ProblemCode.TemporalUnavailable,
      detail:
        'the workflow engine did not answer in time; the request may still take effect, so retry it with the same Idempotency-Key',
      retryAfter: TEMPORAL_RETRY_AFTER_S,
    };
  }
  if (isTemporalUnavailable(error)) {
    return {
      code: ProblemCode.TemporalUnavailable,
      detail: 'the workflow engine cannot be reached; retry later',
      retryAfter: TEMPORAL_RETRY_AFTER_S,
    };
  }
  const parserError = isBodyParserError(error) ? error : undefined;
  const status = error instanceof HttpException ? error.getStatus() : parserError?.status;
  const type = parserError?.type ?? (error instanceof HttpException ? bodyParserTypeOf(error) : undefined);
  if (type === 'entity.parse.failed') return { code: ProblemCode.MalformedJson, detail: 'the body is not valid JSON' };
  if (status === 413) return { code: ProblemCode.PayloadTooLarge, detail: 'the body exceeds the configured limit' };
  if (status === 415) return { code: ProblemCode.UnsupportedMediaType, detail: 'send application/json' };
  if (status === 404) return { code: ProblemCode.NotFound, detail: 'no such resource' };
  if (status === 401) return { code: ProblemCode.Unauthenticated, detail: 'a valid bearer token is required' };
  if (status === 403) return { code: ProblemCode.Forbidden, detail: 'not permitted' };
  if (status === 400)
    return { code: ProblemCode.ValidationFailed, detail: error instanceof Error ? error.message : 'bad request' };
  return { code: ProblemCode.Internal, detail: 'an unexpected error occurred; quote the traceId when reporting it' };
}

function bodyParserTypeOf(error: HttpException): string | undefined {
  const cause = (error as { cause?: unknown }).cause;
  return isBodyParserError(cause) ? cause.type : undefined;
}
