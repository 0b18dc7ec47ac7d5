import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';

/**
 * One server span per request, continuing a caller's `traceparent`, with everything the request does
 * (body parsing, guards, the Temporal client's Update) inside it. Binding the request and response
 * emitters keeps the span active in stream callbacks, which otherwise run in the socket's context.
 * Without a tracer provider (TRACE_EXPORTER=none) the spans are no-ops.
 */
export function httpSpans() {
  const tracer = trace.getTracer('shuangcha-gateway');
  return (req: Request, res: Response, next: NextFunction): void => {
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer.startSpan(
      req.method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method } },
      parent,
    );
    const active = trace.setSpan(parent, span);
    context.bind(active, req);
    context.bind(active, res);
    res.once('finish', () => {
      // The route template, never the raw path: ids in span names would make one name per case.
      const route = (req.route as { path?: string } | undefined)?.path;
      if (route) {
        span.updateName(`${req.method} ${route}`);
        span.setAttribute('http.route', route);
      }
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(active, next);
  };
}
