import { context, propagation, trace } from '@opentelemetry/api';
import { ExportResultCode, W3CTraceContextPropagator, type ExportResult } from '@opentelemetry/core';
import { Resource } from '@opentelemetry/resources';
import {
  NoopSpanProcessor,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { AppConfig } from './app-config';

/** Where finished spans go; the worker also hands `spanProcessor` to the workflow sandbox's span sink. */
export interface Tracing {
  readonly enabled: boolean;
  readonly resource: Resource;
  readonly spanProcessor: SpanProcessor;
  shutdown(): Promise<void>;
}

interface SpanLogger {
  info(obj: object, msg: string): void;
}

/** TRACE_EXPORTER=log: each finished span as one log line, for a collector that tails the logs. */
class LogSpanExporter implements SpanExporter {
  constructor(private readonly logger: SpanLogger) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    for (const span of spans) {
      const { traceId, spanId } = span.spanContext();
      this.logger.info(
        {
          span: {
            traceId,
            spanId,
            parentSpanId: span.parentSpanId,
            name: span.name,
            kind: span.kind,
            startTime: span.startTime,
            durationMs: span.duration[0] * 1000 + span.duration[1] / 1e6,
            status: span.status,
            attributes: span.attributes,
          },
        },
        'span',
      );
    }
    done({ code: ExportResultCode.SUCCESS });
  }

  async shutdown(): Promise<void> {}
}

/**
 * Installs this process's tracer provider (AsyncLocalStorage context, W3C trace context) when
 * TRACE_EXPORTER is not `none`, or when a test passes its own exporter. Off, the OpenTelemetry API stays
 * a no-op: no spans, no propagation headers, and problem responses keep the request id as `traceId`.
 */
export function startTracing(
  config: Pick<AppConfig, 'TRACE_EXPORTER'>,
  serviceName: string,
  logger: SpanLogger,
  exporter?: SpanExporter,
): Tracing {
  const resource = new Resource({ [ATTR_SERVICE_NAME]: serviceName });
  const chosen = exporter ?? (config.TRACE_EXPORTER === 'log' ? new LogSpanExporter(logger) : undefined);
  if (!chosen) {
    return { enabled: false, resource, spanProcessor: new NoopSpanProcessor(), shutdown: async () => undefined };
  }
  const spanProcessor = new SimpleSpanProcessor(chosen);
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  return {
    enabled: true,
    resource,
    spanProcessor,
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/** Trace and span id of the active span, for log lines (pino `mixin`); nothing outside a span. */
export function activeTraceFields(): { traceId?: string; spanId?: string } {
  const span = trace.getActiveSpan()?.spanContext();
  return span && trace.isSpanContextValid(span) ? { traceId: span.traceId, spanId: span.spanId } : {};
}
