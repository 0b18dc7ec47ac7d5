import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import { TRACE_HEADER } from '@temporalio/interceptors-opentelemetry/lib/instrumentation';
import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import { patched, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

/**
 * OpenTelemetry's workflow interceptors, only for runs started with them. Their extra `await`s move the
 * microtask order in which handlers and the main function continue, so a run recorded without them fails
 * replay with them (an Update completing after an activity it used to precede). `patched` at the start of
 * each run records the choice in its history; older runs keep running untraced. Runs in the sandbox.
 */
export const TRACING_PATCH = 'otel-tracing-interceptors';

/**
 * Runs traced only when their start carried a trace context (issue 17). The gateway's client injects one
 * only while tracing is on, and a traced run passes it on to its children; with tracing off, the spans a
 * run made and exported through the sink were thrown away by the worker, at about half the CPU of every
 * workflow task. Older runs keep tracing as they started.
 */
export const TRACING_WHEN_STARTED_TRACED_PATCH = 'otel-tracing-only-traced-starts';

/** Whether the start's headers hold a W3C trace context (the client's interceptor always sets the header). */
function startedTraced(headers: Headers): boolean {
  const header = headers[TRACE_HEADER];
  if (header === undefined) return false;
  const carrier = defaultPayloadConverter.fromPayload<Record<string, string> | null>(header);
  return typeof carrier?.traceparent === 'string';
}

export const interceptors: WorkflowInterceptorsFactory = () => {
  const inbound = new OpenTelemetryInboundInterceptor();
  const outbound = new OpenTelemetryOutboundInterceptor();
  const internals = new OpenTelemetryInternalsInterceptor();
  // Decided once per run, when it starts; until then (and for untraced runs) every call passes straight through.
  let traced = false;
  return {
    inbound: [
      {
        execute: (input, next) => {
          traced =
            patched(TRACING_PATCH) && (!patched(TRACING_WHEN_STARTED_TRACED_PATCH) || startedTraced(input.headers));
          return traced ? inbound.execute(input, next) : next(input);
        },
        handleSignal: (input, next) => (traced ? inbound.handleSignal(input, next) : next(input)),
        handleUpdate: (input, next) => (traced ? inbound.handleUpdate(input, next) : next(input)),
        // Not validators and queries: they run outside workflow tasks, and the SDK flag the interceptor
        // would set there reaches history only with a later task, so a replay would decide differently.
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) => (traced ? outbound.scheduleActivity(input, next) : next(input)),
        scheduleLocalActivity: (input, next) => (traced ? outbound.scheduleLocalActivity(input, next) : next(input)),
        startNexusOperation: (input, next) => (traced ? outbound.startNexusOperation(input, next) : next(input)),
        startChildWorkflowExecution: (input, next) =>
          traced ? outbound.startChildWorkflowExecution(input, next) : next(input),
        continueAsNew: (input, next) => (traced ? outbound.continueAsNew(input, next) : next(input)),
        signalWorkflow: (input, next) => (traced ? outbound.signalWorkflow(input, next) : next(input)),
        getLogAttributes: (input, next) => (traced ? outbound.getLogAttributes(input, next) : next(input)),
        getMetricTags: (input, next) => (traced ? outbound.getMetricTags(input, next) : next(input)),
      },
    ],
    internals: [{ dispose: (input, next) => (traced ? internals.dispose(input, next) : next(input)) }],
  };
};
