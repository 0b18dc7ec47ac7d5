import { Writable } from 'node:stream';
import { trace } from '@opentelemetry/api';
import pino from 'pino';
import { activeTraceFields, startTracing } from './tracing';

function capturedLogger(): { logger: pino.Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = pino({ level: 'info', mixin: activeTraceFields }, stream);
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('tracing', () => {
  it('writes finished spans as log lines with TRACE_EXPORTER=log, and the trace id on lines logged inside a span', async () => {
    const { logger, lines } = capturedLogger();
    const tracing = startTracing({ TRACE_EXPORTER: 'log' }, 'shuangcha-spec', logger);
    expect(tracing.enabled).toBe(true);
    let ids = { traceId: '', spanId: '' };
    trace.getTracer('spec').startActiveSpan('work', (span) => {
      ids = { traceId: span.spanContext().traceId, spanId: span.spanContext().spanId };
      logger.info('inside the span');
      span.end();
    });
    logger.info('outside any span');
    await tracing.shutdown();

    const [inside, spanLine, outside] = lines();
    expect(inside).toMatchObject({ msg: 'inside the span', traceId: ids.traceId, spanId: ids.spanId });
    expect(spanLine).toMatchObject({ msg: 'span', span: { name: 'work', traceId: ids.traceId } });
    expect(outside.msg).toBe('outside any span');
    expect(outside).not.toHaveProperty('traceId');
  });

  it('installs nothing with TRACE_EXPORTER=none: spans are no-ops and log lines carry no trace id', () => {
    const { logger, lines } = capturedLogger();
    const tracing = startTracing({ TRACE_EXPORTER: 'none' }, 'shuangcha-spec', logger);
    expect(tracing.enabled).toBe(false);
    trace.getTracer('spec').startActiveSpan('work', (span) => {
      logger.info('inside a no-op span');
      span.end();
    });
    expect(lines()).toEqual([expect.not.objectContaining({ traceId: expect.anything() })]);
  });
});
