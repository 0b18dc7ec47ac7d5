import {
  BadRequestException,
  NotFoundException,
  PayloadTooLargeException,
  UnauthorizedException,
} from '@nestjs/common';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ZodValidationException } from 'nestjs-zod';
import { z } from 'zod';
import { CaseFailure } from '@shuangcha/contracts';
import { ProblemCode } from '@shuangcha/contracts/http';
import { classifyError, codeForCaseFailure } from './classify-error';
import { problemMeta, problemType } from './problem-catalog';
import { CaseOperationError, ProblemException } from './problem.exception';
import { auditActionFor, toProblem } from './problem.filter';

const rejected = (type: CaseFailure, message = `rejected: ${type}`) =>
  new WorkflowUpdateFailedError(
    'Workflow Update failed',
    ApplicationFailure.create({ type, message, nonRetryable: true }),
  );

describe('problem mapping', () => {
  it.each(Object.values(ProblemCode))('gives %s a 4xx/5xx status, a title and a type URI', (code) => {
    const meta = problemMeta(code);
    expect(meta.status).toBeGreaterThanOrEqual(400);
    expect(meta.status).toBeLessThan(600);
    expect(meta.title.length).toBeGreaterThan(0);
    expect(problemType(code)).toMatch(/^urn:shuangcha:problem:[a-z-]+$/);
  });

  it.each([
    [CaseFailure.WrongStage, ProblemCode.WrongStage, 409],
    [CaseFailure.RecusedApprover, ProblemCode.RecusedApprover, 409],
    [CaseFailure.DuplicateDecision, ProblemCode.DuplicateDecision, 409],
    [CaseFailure.StaleTaskVersion, ProblemCode.StaleTaskVersion, 409],
    [CaseFailure.ExtensionLimitReached, ProblemCode.ExtensionLimitReached, 409],
    [CaseFailure.InvalidDecision, ProblemCode.InvalidDecision, 422],
    [CaseFailure.OutcomeNotAllowed, ProblemCode.OutcomeNotAllowed, 422],
    [CaseFailure.RoleNotAllowed, ProblemCode.RoleNotAllowed, 403],
    [CaseFailure.NotAssignee, ProblemCode.NotAssignee, 403],
    [CaseFailure.TaskNotFound, ProblemCode.TaskNotFound, 404],
    [CaseFailure.MissingEvidence, ProblemCode.MissingEvidence, 422],
    [CaseFailure.InvalidRectificationList, ProblemCode.InvalidRectificationList, 422],
    [CaseFailure.VerifierIsResponsiblePerson, ProblemCode.VerifierIsResponsiblePerson, 403],
    [CaseFailure.InvestigationTeamInvalid, ProblemCode.InvestigationTeamInvalid, 422],
    [CaseFailure.MeasureNotAllowed, ProblemCode.MeasureNotAllowed, 422],
    [CaseFailure.UnknownPolicy, ProblemCode.UpdateRejected, 422],
  ])('maps a %s update rejection to %s (%i) with the validator reason', (type, code, status) => {
    const classified = classifyError(rejected(type, 'p-0007 is not assigned task t-1'));
    expect(classified).toMatchObject({ code, detail: 'p-0007 is not assigned task t-1', rejectedByCase: true });
    expect(problemMeta(classified.code).status).toBe(status);
    expect(codeForCaseFailure(type)).toBe(code);
  });

  it('maps a zod failure to 400 VALIDATION_FAILED listing every field, unknown fields included', () => {
    const schema = z.object({ caseNo: z.string().regex(/^\d{4}-\d{4}$/), kind: z.enum(['violation']) }).strict();
    const error = schema.safeParse({ caseNo: 'x', kind: 'other', extra: 1 }).error;
    const classified = classifyError(new ZodValidationException(error));
    expect(classified.code).toBe(ProblemCode.ValidationFailed);
    expect(classified.errors?.map((e) => e.path).sort()).toEqual(['', 'caseNo', 'kind']);
    expect(classified.errors?.find((e) => e.path === '')?.message).toMatch(/unknown field\(s\): extra/);
  });

  it('maps Temporal start, lookup and availability errors', () => {
    expect(
      classifyError(new WorkflowExecutionAlreadyStartedError('started', 'case-2026-0001', 'caseWorkflow')).code,
    ).toBe(ProblemCode.CaseAlreadyFiled);
    expect(classifyError(new WorkflowNotFoundError('gone', 'case-2026-0001', undefined)).code).toBe(
      ProblemCode.CaseNotFound,
    );
    const unavailable = Object.assign(new Error('14 UNAVAILABLE: No connection established'), {
      code: 14,
      details: 'x',
      metadata: {},
    });
    expect(classifyError(unavailable)).toMatchObject({ code: ProblemCode.TemporalUnavailable, retryAfter: 5 });
    expect(classifyError(new WorkflowUpdateRPCTimeoutOrCancelledError('timed out'))).toMatchObject({
      code: ProblemCode.TemporalUnavailable,
      detail: expect.stringMatching(/may still take effect.*same Idempotency-Key/),
    });
    expect(problemMeta(ProblemCode.TemporalUnavailable).status).toBe(503);
  });

  it('answers 503 with Retry-After when Temporal sheds load (RESOURCE_EXHAUSTED), not 500', () => {
    // The frontend's rate limits and busy-workflow limits answer RESOURCE_EXHAUSTED: retrying later succeeds.
    const exhausted = Object.assign(new Error('8 RESOURCE_EXHAUSTED: namespace rate limit exceeded'), {
      code: 8,
      details: 'namespace rate limit exceeded',
      metadata: {},
    });
    const wrapped = new Error('Failed to start Workflow', { cause: exhausted });
    expect(classifyError(wrapped)).toMatchObject({ code: ProblemCode.TemporalUnavailable, retryAfter: 5 });
  });

  it('answers a query the server cancelled while a worker died under it with 503, not 500', () => {
    // Seen in the faults tier: a live read during a worker SIGKILL (`ServiceError` wrapping the gRPC status).
    const cancelled = Object.assign(new Error('1 CANCELLED: Call cancelled'), {
      code: 1,
      details: 'Call cancelled',
      metadata: {},
    });
    const wrapped = new Error('Failed to query Workflow', { cause: cancelled });
    expect(classifyError(wrapped)).toMatchObject({ code: ProblemCode.TemporalUnavailable, retryAfter: 5 });
  });

  it('tells a missing worker and an unreachable database apart from an unreachable Temporal', () => {
    const noPoller = Object.assign(new Error('9 FAILED_PRECONDITION: no poller seen for task queue recently'), {
      code: 9,
      details: 'no poller seen for task queue recently',
      metadata: {},
    });
    expect(classifyError(noPoller)).toMatchObject({ code: ProblemCode.NoWorker, retryAfter: 10 });
    const pgRefused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:55432'), {
      code: 'ECONNREFUSED',
      syscall: 'connect',
    });
    expect(classifyError(pgRefused)).toMatchObject({ code: ProblemCode.DatabaseUnavailable, retryAfter: 5 });
    const pgShutdown = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    });
    expect(classifyError(pgShutdown).code).toBe(ProblemCode.DatabaseUnavailable);
    expect(classifyError(new Error('Connection terminated unexpectedly')).code).toBe(ProblemCode.DatabaseUnavailable);
    expect(classifyError(new Error('timeout exceeded when trying to connect')).code).toBe(
      ProblemCode.DatabaseUnavailable,
    );
    const otherPrecondition = Object.assign(new Error('9 FAILED_PRECONDITION: something else'), {
      code: 9,
      details: 'something else',
      metadata: {},
    });
    expect(classifyError(otherPrecondition).code).toBe(ProblemCode.Internal);
    expect([ProblemCode.NoWorker, ProblemCode.DatabaseUnavailable].map((c) => problemMeta(c).status)).toEqual([
      503, 503,
    ]);
  });

  it('maps HTTP-level failures and hides unknown errors behind INTERNAL', () => {
    expect(classifyError(new NotFoundException('Cannot GET /nope')).code).toBe(ProblemCode.NotFound);
    expect(classifyError(new PayloadTooLargeException()).code).toBe(ProblemCode.PayloadTooLarge);
    expect(classifyError(new UnauthorizedException()).code).toBe(ProblemCode.Unauthenticated);
    expect(classifyError(new BadRequestException('bad')).code).toBe(ProblemCode.ValidationFailed);
    expect(
      classifyError(Object.assign(new SyntaxError('Unexpected token'), { type: 'entity.parse.failed', status: 400 }))
        .code,
    ).toBe(ProblemCode.MalformedJson);
    const internal = classifyError(new TypeError('secret stack detail'));
    expect(internal.code).toBe(ProblemCode.Internal);
    expect(internal.detail).not.toMatch(/secret/);
  });

  it('keeps the case of a failed case operation for the audit trail', () => {
    const classified = classifyError(new CaseOperationError('case-2026-0001', rejected(CaseFailure.NotAssignee)));
    expect(classified).toMatchObject({ code: ProblemCode.NotAssignee, caseId: 'case-2026-0001' });
    expect(auditActionFor(classified)).toBe('UPDATE_REJECTED');
  });

  it('audits 403 and need-to-know refusals as DENIED, and nothing else (401s and 429s are only logged)', () => {
    expect(auditActionFor(classifyError(new ProblemException(ProblemCode.Unauthenticated, 'x')))).toBeNull();
    expect(auditActionFor(classifyError(new ProblemException(ProblemCode.RateLimited, 'x')))).toBeNull();
    expect(auditActionFor(classifyError(new ProblemException(ProblemCode.Forbidden, 'x')))).toBe('DENIED');
    expect(auditActionFor(classifyError(new ProblemException(ProblemCode.CaseNotFound, 'x', { denied: true })))).toBe(
      'DENIED',
    );
    expect(auditActionFor(classifyError(new ProblemException(ProblemCode.CaseNotFound, 'x')))).toBeNull();
    expect(auditActionFor(classifyError(new ZodValidationException(new z.ZodError([]))))).toBeNull();
  });

  it('renders RFC 9457 fields plus code and traceId', () => {
    const problem = toProblem(
      { code: ProblemCode.NotAssignee, detail: 'p-1 is not assigned' },
      '/tasks/t-1/decision',
      'req-1',
    );
    expect(problem).toEqual({
      type: 'urn:shuangcha:problem:not-assignee',
      title: 'Not the assignee',
      status: 403,
      detail: 'p-1 is not assigned',
      instance: '/tasks/t-1/decision',
      code: 'NOT_ASSIGNEE',
      traceId: 'req-1',
    });
  });
});
