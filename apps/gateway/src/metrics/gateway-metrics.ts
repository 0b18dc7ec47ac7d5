import { Inject, Injectable, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { OpsGaugeQueries, type OpsGauges } from '@shuangcha/persistence';

const NO_GAUGES: OpsGauges = { openCasesByStage: [], overdueTasksByLevel: [], escalationsLast24hByLevel: [] };

/**
 * The gateway's Prometheus registry: request rates and latencies by route and status, problem codes, and
 * business gauges read from the read model at scrape time (so every gateway instance reports the same
 * totals: take `max`, not `sum`, across instances). A registry per app, not prom-client's global one,
 * so several gateways in one test process do not collide.
 */
@Injectable()
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'shuangcha_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'shuangcha_http_request_duration_seconds',
    help: 'HTTP request duration until the response finished, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly problems = new Counter({
    name: 'shuangcha_problems_total',
    help: 'problem+json responses, by stable problem code and status',
    labelNames: ['code', 'status'] as const,
    registers: [this.registry],
  });

  constructor(@Inject(OpsGaugeQueries) queries: OpsGaugeQueries) {
    collectDefaultMetrics({ register: this.registry });
    const logger = new Logger(GatewayMetrics.name);
    // One read per scrape feeds the three gauges: each gauge's collect awaits the same promise. A read
    // model that does not answer leaves the gauges empty; the request metrics are still worth scraping.
    let pending: Promise<OpsGauges> | null = null;
    const current = () => {
      pending ??= queries
        .read(new Date())
        .catch((error: unknown) => {
          logger.warn({ err: error }, 'business gauges unavailable');
          return NO_GAUGES;
        })
        .finally(() => setImmediate(() => (pending = null)));
      return pending;
    };
    new Gauge({
      name: 'shuangcha_open_cases',
      help: 'open cases in the read model, by stage',
      labelNames: ['stage'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const row of (await current()).openCasesByStage) this.set({ stage: row.stage }, row.count);
      },
    });
    new Gauge({
      name: 'shuangcha_overdue_tasks',
      help: 'open tasks past their due date (on the case clock), by escalation level',
      labelNames: ['escalation_level'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const row of (await current()).overdueTasksByLevel)
          this.set({ escalation_level: String(row.level) }, row.count);
      },
    });
    new Gauge({
      name: 'shuangcha_escalations_last_24h',
      help: 'escalation notices raised in the last 24 hours, by escalation level',
      labelNames: ['escalation_level'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const row of (await current()).escalationsLast24hByLevel)
          this.set({ escalation_level: String(row.level) }, row.count);
      },
    });
  }

  /** Express middleware: counts every answered request once it finished, under its route template. */
  httpMiddleware() {
    return (req: Request, res: Response, next: NextFunction) => {
      const end = this.latency.startTimer();
      res.once('finish', () => {
        // The template, never the raw path: ids in paths would make a series per case.
        const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
        const labels = { method: req.method, route, status: String(res.statusCode) };
        end(labels);
        this.requests.inc(labels);
      });
      next();
    };
  }

  problem(code: string, status: number): void {
    this.problems.inc({ code, status: String(status) });
  }
}
