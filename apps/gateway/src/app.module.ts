import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { activeTraceFields, type AppConfig } from '@shuangcha/config';
import { PersistenceModule } from '@shuangcha/persistence';
import { AccountabilityModule } from './accountability/accountability.module';
import { AdminModule } from './admin/admin.module';
import { AttachmentsModule } from './attachments/attachments.module';
import { CalendarModule } from './calendar/calendar.module';
import { CaseAuditModule } from './audit/case-audit.module';
import { DenialAuditService } from './audit/denial-audit.service';
import { AuthGuard } from './auth/auth.guard';
import { AuthModule } from './auth/auth.module';
import { DevTokenController } from './auth/dev-token.controller';
import { CasesModule } from './cases/cases.module';
import { CodecModule } from './codec/codec.module';
import { ConfigModule } from './config/config.module';
import { HealthModule } from './health/health.module';
import { MeasuresModule } from './measures/measures.module';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OrgModule } from './org/org.module';
import { PeopleMapService } from './people/people-map.service';
import { PeopleModule } from './people/people.module';
import { IdempotencyService } from './idempotency/idempotency.service';
import { CaseAccessService } from './policy/case-access.service';
import { PolicyGuard } from './policy/policy.guard';
import { ProblemFilter } from './problem/problem.filter';
import { ClientRateLimitGuard, PersonRateLimitGuard, rateLimitOptions } from './rate-limit/rate-limit.guard';
import { RectificationModule } from './rectification/rectification.module';
import { SupervisionModule } from './supervision/supervision.module';
import { TasksModule } from './tasks/tasks.module';
import { TemporalModule } from './temporal/temporal.module';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Honours a caller's or proxy's x-request-id when it is plain, otherwise mints one; echoed back. */
export function requestIdOf(req: IncomingMessage & { id?: unknown }, res: ServerResponse): string {
  if (typeof req.id === 'string') return req.id;
  const header = req.headers['x-request-id'];
  const id = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
  req.id = id;
  res.setHeader('x-request-id', id);
  return id;
}

@Global()
@Module({
  providers: [DenialAuditService, IdempotencyService, CaseAccessService, PeopleMapService],
  exports: [DenialAuditService, IdempotencyService, CaseAccessService, PeopleMapService],
})
class GatewayCoreModule {}

@Module({ controllers: [DevTokenController] })
class DevTokenModule {}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            genReqId: requestIdOf,
            // The OpenTelemetry trace id on every line logged inside a request's span (TRACE_EXPORTER).
            mixin: activeTraceFields,
            // Tokens are credentials; bodies may carry case facts (DOMAIN §8): neither goes to the log.
            redact: ['req.headers.authorization', 'req.headers.cookie'],
          },
        }),
        PersistenceModule.forRootAsync({ applicationName: 'shuangcha-gateway' }),
        TemporalModule,
        MetricsModule,
        ThrottlerModule.forRoot(rateLimitOptions(config)),
        GatewayCoreModule,
        AuthModule,
        HealthModule,
        CasesModule,
        TasksModule,
        NotificationsModule,
        PeopleModule,
        CaseAuditModule,
        SupervisionModule,
        CalendarModule,
        RectificationModule,
        AdminModule,
        OrgModule,
        AccountabilityModule,
        CodecModule,
        AttachmentsModule,
        MeasuresModule,
        ...(config.AUTH_MODE === 'dev' ? [DevTokenModule] : []),
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemFilter },
        // Order matters: limit the client before any token is checked, authenticate, limit the person,
        // then check the route's rule.
        { provide: APP_GUARD, useClass: ClientRateLimitGuard },
        { provide: APP_GUARD, useExisting: AuthGuard },
        { provide: APP_GUARD, useClass: PersonRateLimitGuard },
        { provide: APP_GUARD, useClass: PolicyGuard },
      ],
    };
  }
}
