import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@shuangcha/config';
import { GatewayMetrics } from './gateway-metrics';

/**
 * GET /metrics on GATEWAY_METRICS_PORT, a port of its own that serves nothing else and asks for no
 * token: Prometheus scrapes it inside the cluster, and the API port (the one an ingress publishes) never
 * serves metrics, so the business gauges are not public (README "Metrics and traces").
 */
@Injectable()
export class MetricsListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: Server | null = null;
  private readonly logger = new Logger(MetricsListener.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(GatewayMetrics) private readonly metrics: GatewayMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.GATEWAY_METRICS_PORT;
    if (port === undefined) return;
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        return;
      }
      this.metrics.registry.metrics().then(
        (body) => res.writeHead(200, { 'content-type': this.metrics.registry.contentType }).end(body),
        (error: unknown) => {
          this.logger.error({ err: error }, 'metrics scrape failed');
          res.writeHead(503, { 'content-type': 'text/plain' }).end('metrics unavailable\n');
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.config.GATEWAY_HOST, () => resolve());
    });
    this.server = server;
    this.logger.log({ port: (server.address() as AddressInfo).port }, 'metrics listening');
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
