import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@shuangcha/config';
import { checkpointAuditChains, type CheckpointKey } from '@shuangcha/persistence';

/**
 * Signs the heads of the audit chains every AUDIT_CHECKPOINT_INTERVAL_SECONDS with a key from configuration
 * (issue 16 item 8), so a rewrite or truncation by whoever owns the database shows in `/audit/verify`.
 * A chain that no longer verifies is never signed: it is logged as an error for the commission to examine.
 */
@Injectable()
export class AuditCheckpointService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AuditCheckpointService.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The signing key first, then retired ones that still verify; none configured means none verify. */
  get keys(): CheckpointKey[] {
    const secret = this.config.AUDIT_CHECKPOINT_KEY;
    const current = secret ? [{ id: this.config.AUDIT_CHECKPOINT_KEY_ID, secret }] : [];
    return [...current, ...this.config.AUDIT_CHECKPOINT_PREVIOUS_KEYS];
  }

  onModuleInit(): void {
    if (!this.config.AUDIT_CHECKPOINT_KEY) {
      this.logger.warn('AUDIT_CHECKPOINT_KEY is not set: audit chains are not anchored by signed checkpoints');
      return;
    }
    const interval = this.config.AUDIT_CHECKPOINT_INTERVAL_SECONDS;
    if (interval === 0) return;
    this.timer = setInterval(() => {
      // One run at a time: a slow run is not stacked under the next tick.
      this.running ??= this.checkpointNow()
        .catch((error: unknown) => this.logger.error({ err: error }, 'audit checkpoint run failed'))
        .finally(() => (this.running = undefined));
    }, interval * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Signs every grown chain now; returns which were signed and which were refused as broken. */
  async checkpointNow(): Promise<{ signed: string[]; refused: string[] }> {
    const [current, ...previous] = this.keys;
    if (!this.config.AUDIT_CHECKPOINT_KEY || !current) return { signed: [], refused: [] };
    const result = await checkpointAuditChains(this.dataSource, [current, ...previous]);
    for (const chain of result.refused) {
      this.logger.error({ chain }, 'audit chain does not verify; no checkpoint signed for it');
    }
    return result;
  }
}
