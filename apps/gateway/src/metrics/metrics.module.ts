import { Global, Module } from '@nestjs/common';
import { GatewayMetrics } from './gateway-metrics';
import { MetricsListener } from './metrics-listener';

@Global()
@Module({ providers: [GatewayMetrics, MetricsListener], exports: [GatewayMetrics] })
export class MetricsModule {}
