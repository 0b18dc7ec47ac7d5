import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@shuangcha/config';
import { ProblemCode, type Readiness } from '@shuangcha/contracts/http';
import { pingDatabase } from '@shuangcha/persistence';
import { ProblemException } from '../problem/problem.exception';

const TEMPORAL_PROBE_TIMEOUT_MS = 2000;
const READY_RETRY_AFTER_S = 5;
/** `temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW`; the proto package is not ours to import. */
const TASK_QUEUE_TYPE_WORKFLOW = 1;

function millisOf(ts: { seconds?: { toString(): string } | null; nanos?: number | null } | null | undefined): number {
  return ts?.seconds ? Number(ts.seconds.toString()) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6) : 0;
}

@Injectable()
export class ReadinessService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Client) private readonly client: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Ready means "can serve": the database with its schema, Temporal, and a worker polling the case task
   * queue (without one, every decision and live read fails). The problem code names the first part down.
   */
  async check(): Promise<Readiness> {
    const [database, temporal] = await Promise.all([this.checkDatabase(), this.checkTemporal()]);
    const worker = temporal === 'ok' ? await this.checkWorker() : 'unknown';
    const checks = { ...database, temporal, worker };
    const failing = Object.entries(checks).filter(([, state]) => state !== 'ok');
    if (failing.length > 0) {
      const code =
        database.database !== 'ok'
          ? ProblemCode.DatabaseUnavailable
          : temporal !== 'ok'
            ? ProblemCode.TemporalUnavailable
            : worker !== 'ok'
              ? ProblemCode.NoWorker
              : ProblemCode.NotReady;
      throw new ProblemException(code, `failing checks: ${failing.map(([name]) => name).join(', ')}`, {
        checks,
        retryAfter: READY_RETRY_AFTER_S,
      });
    }
    return { status: 'ready', checks: { database: 'ok', migrations: 'ok', temporal: 'ok', worker: 'ok' } };
  }

  private async checkDatabase(): Promise<{ database: string; migrations: string }> {
    try {
      await pingDatabase(this.dataSource);
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

  /** A live worker polls the workflow task queue at least once per long-poll period. */
  private async checkWorker(): Promise<string> {
    try {
      const description = await this.client.connection.withDeadline(Date.now() + TEMPORAL_PROBE_TIMEOUT_MS, () =>
        this.client.workflowService.describeTaskQueue({
          namespace: this.config.TEMPORAL_NAMESPACE,
          taskQueue: { name: this.config.TEMPORAL_TASK_QUEUE },
          taskQueueType: TASK_QUEUE_TYPE_WORKFLOW,
        }),
      );
      const newest = Math.max(0, ...(description.pollers ?? []).map((poller) => millisOf(poller.lastAccessTime)));
      return Date.now() - newest <= this.config.READY_POLLER_MAX_AGE_S * 1000 ? 'ok' : 'no-poller';
    } catch {
      return 'unknown';
    }
  }
}
