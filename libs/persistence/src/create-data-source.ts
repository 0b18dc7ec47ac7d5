import { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DataSourceTuning {
  /** Pool size per process; defaults to node-postgres' 10. */
  poolSize?: number;
  /** `require` verifies the server certificate against the system CAs. */
  ssl?: 'disable' | 'require';
  /** Shown in pg_stat_activity, so a DBA can tell the worker's connections from the gateway's. */
  applicationName?: string;
  /** Fail a connection attempt after this instead of waiting on an unreachable server. */
  connectTimeoutMs?: number;
  /** The server cancels a statement that runs longer; the client gives up a little later. */
  statementTimeoutMs?: number;
}

/**
 * Options for every process and test. Schema changes ship only as migrations (STYLE.md §6), so nothing
 * here synchronises or runs migrations implicitly; entities and migrations are listed, never globbed, so
 * the same options work under ts-node, jest and a compiled build.
 */
export function dataSourceOptions(url: string, opts: DataSourceTuning = {}): PostgresConnectionOptions {
  return {
    type: 'postgres',
    url,
    entities: [...ENTITIES],
    migrations: [...MIGRATIONS],
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'all',
    poolSize: opts.poolSize,
    ssl: opts.ssl === 'require' ? { rejectUnauthorized: true } : false,
    applicationName: opts.applicationName ?? 'shuangcha',
    logging: false,
    extra: {
      ...(opts.connectTimeoutMs ? { connectionTimeoutMillis: opts.connectTimeoutMs } : {}),
      ...(opts.statementTimeoutMs
        ? { statement_timeout: opts.statementTimeoutMs, query_timeout: opts.statementTimeoutMs + 1000 }
        : {}),
    },
  };
}

export function createDataSource(url: string, opts: DataSourceTuning = {}): DataSource {
  return new DataSource(dataSourceOptions(url, opts));
}
