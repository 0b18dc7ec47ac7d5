import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client';
import {
  APP_CONFIG,
  EncryptionCodec,
  payloadCodecFor,
  temporalConnectionOptions,
  type AppConfig,
} from '@shuangcha/config';

/** Workflow type the gateway starts; the gateway may not import `workflows/` (STYLE §2), so by name. */
export const CASE_WORKFLOW_TYPE = 'caseWorkflow';

@Injectable()
class TemporalLifecycle implements OnApplicationShutdown {
  constructor(@Inject(Connection) private readonly connection: Connection) {}
  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

/**
 * One Temporal client for the gateway. The connection is lazy so the gateway boots (and /health answers)
 * while Temporal is down; calls then fail as 503 and /ready reports the temporal check.
 */
@Global()
@Module({
  providers: [
    {
      provide: Connection,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => Connection.lazy(temporalConnectionOptions(config)),
    },
    // The same keyring as the worker: start input, Update arguments and query results cross in ciphertext.
    { provide: EncryptionCodec, inject: [APP_CONFIG], useFactory: (config: AppConfig) => payloadCodecFor(config) },
    {
      provide: Client,
      inject: [Connection, APP_CONFIG, EncryptionCodec],
      useFactory: (connection: Connection, config: AppConfig, codec: EncryptionCodec) =>
        new Client({
          connection,
          namespace: config.TEMPORAL_NAMESPACE,
          dataConverter: { payloadCodecs: [codec] },
          // Carries the request's trace into the start, Update or signal (a no-op while tracing is off).
          interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] },
        }),
    },
    TemporalLifecycle,
  ],
  exports: [Client, Connection, EncryptionCodec],
})
export class TemporalModule {}
