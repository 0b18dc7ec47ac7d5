import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@shuangcha/config';
import { ProblemCode, type Readiness } from '@shuangcha/contracts/http';
import { ProblemException } from '../problem/problem.exception';

const TEMPORAL_PROBE_TIMEOUT_MS = 2000;

@Injectable()
export class ReadinessService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Client) private readonly client: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async check(): Promise<Readiness> {
    const [database, temporal] = await Promise.all([this.checkDatabase(), this.checkTemporal()]);
    const checks = { ...database, temporal };
    const failing = Object.entries(checks).filter(([, state]) => state !== 'ok');
    if (failing.length > 0) {
      throw new ProblemException(ProblemCode.NotReady, `failing checks: ${failing.map(([name]) => name).join(', ')}`, {
        checks,
      });
    }
    return { status: 'ready', checks: { database: 'ok', migrations: 'ok', temporal: 'ok' } };
  }

  private async checkDatabase(): Promise<{ database: string; migrations: string }> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      return { database: 'unreachable', migrations: 'unknown' };
    }
    try {
      // Serving on an older schema would fail on the first query that touches a new column.
      return { database: 'ok', migrations: (await this.dataSource.showMigrations()) ? 'pending' : 'ok' };
    } catch {
      return { database: 'ok', migrations: 'unknown' };
    }
  }

  private async checkTemporal(): Promise<string> {
    try {
      await this.client.connection.withDeadline(Date.now() + TEMPORAL_PROBE_TIMEOUT_MS, () =>
        this.client.workflowService.describeNamespace({ namespace: this.config.TEMPORAL_NAMESPACE }),
      );
      return 'ok';
    } catch {
      return 'unreachable';
    }
  }
}
