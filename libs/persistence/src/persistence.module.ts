import { type DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@shuangcha/config';
import { dataSourceOptions } from './create-data-source';
import { QueriesModule } from './queries.module';

export interface PersistenceModuleOptions {
  /** Modules that provide `APP_CONFIG`; omit when the app's config module is global. */
  imports?: ModuleMetadata['imports'];
  /** Shown in pg_stat_activity (`shuangcha-worker`, `shuangcha-gateway`). */
  applicationName?: string;
}

/**
 * Registers the default TypeORM `DataSource` (inject it by class) from the validated `AppConfig`, and the
 * query classes built on it (`QueriesModule`).
 * Import once, in the app's root module. It never migrates: deploys run migrations as a separate step.
 */
@Module({})
export class PersistenceModule {
  static forRootAsync(options: PersistenceModuleOptions = {}): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          imports: options.imports ?? [],
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions(config.databaseUrl, {
              poolSize: config.DATABASE_POOL_SIZE,
              ssl: config.DATABASE_SSL,
              applicationName: options.applicationName,
              connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
              statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
            }),
            retryAttempts: 3,
          }),
        }),
        QueriesModule,
      ],
    };
  }
}
