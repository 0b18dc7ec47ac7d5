import { type ArgumentsHost, Catch, type ExceptionFilter, Inject, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { activeTraceFields } from '@shuangcha/config';
import { ProblemCode, type Problem } from '@shuangcha/contracts/http';
import { DenialAuditService, type DenialAction } from '../audit/denial-audit.service';
import type { GatewayRequest } from '../auth/principal';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { classifyError, type ClassifiedError } from './classify-error';
import { problemMeta, problemType } from './problem-catalog';

/**
 * 401s are only logged: a caller without a valid token must not be able to grow an audit chain (issue 16
 * item 6). Refusals of a known person are audited, on the case they concern when there is one.
 */
export function auditActionFor(classified: ClassifiedError): DenialAction | null {
  if (classified.rejectedByCase) return 'UPDATE_REJECTED';
  if (classified.code === ProblemCode.Forbidden || classified.denied) return 'DENIED';
  return null;
}

export function toProblem(classified: ClassifiedError, instance: string, traceId: string): Problem {
  const meta = problemMeta(classified.code);
  return {
    type: problemType(classified.code),
    title: meta.title,
    status: meta.status,
    detail: classified.detail,
    instance,
    code: classified.code,
    traceId,
    ...(classified.errors ? { errors: classified.errors } : {}),
    ...(classified.checks ? { checks: classified.checks } : {}),
  };
}

const PART_DOWN: ReadonlySet<ProblemCode> = new Set([
  ProblemCode.TemporalUnavailable,
  ProblemCode.DatabaseUnavailable,
  ProblemCode.NoWorker,
  ProblemCode.NotReady,
]);

/** The gateway's one exception filter: every 4xx/5xx leaves as RFC 9457 problem+json (STYLE §5). */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemFilter.name);

  constructor(
    @Inject(DenialAuditService) private readonly audit: DenialAuditService,
    @Inject(GatewayMetrics) private readonly metrics: GatewayMetrics,
  ) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const req = host.switchToHttp().getRequest<GatewayRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    const classified = classifyError(exception);
    // With tracing on, the OpenTelemetry trace id, which finds the request's spans and log lines; else the request id.
    const traceId = activeTraceFields().traceId ?? String(req.id ?? '');
    const problem = toProblem(classified, req.originalUrl ?? req.url, traceId);
    this.metrics.problem(problem.code, problem.status);

    // A part being down is reported per request at info level; /ready probes would flood the error log.
    if (problem.status >= 500 && !PART_DOWN.has(classified.code)) {
      this.logger.error({ err: exception, code: classified.code, traceId }, 'request failed');
    } else {
      this.logger.log(
        { code: classified.code, status: problem.status, traceId, caseId: classified.caseId },
        'request refused',
      );
    }

    const action = auditActionFor(classified);
    if (action) {
      await this.audit
        .record({
          action,
          caseId: classified.caseId,
          actorId: req.principal?.personId ?? null,
          code: classified.code,
          reason: classified.detail,
          refusal: classified.refusal,
          method: req.method,
          path: req.originalUrl ?? req.url,
          traceId,
        })
        .catch((error: unknown) => this.logger.error({ err: error, traceId }, 'could not audit a denial'));
    }

    if (res.headersSent) return;
    if (classified.retryAfter !== undefined) res.setHeader('Retry-After', String(classified.retryAfter));
    res.status(problem.status).setHeader('Content-Type', 'application/problem+json; charset=utf-8');
    res.send(JSON.stringify(problem));
  }
}
