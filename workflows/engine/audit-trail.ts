import type { AuditEvent } from '@shuangcha/contracts';
import { persist } from './activities';
import type { VirtualClock } from './virtual-clock';

/**
 * The audit entries one workflow writes under one key prefix. Each entry's key is `${prefix}:${step}`, the
 * step counted here and nowhere else; the database writes a key once, so two counters on one prefix would
 * silently drop each other's entries. A workflow makes one trail on its id and derives any other (a task
 * board of its own) with `branch`, which refuses a name twice instead of losing an entry.
 */
export class AuditTrail {
  private step: number;
  private readonly branches = new Set<string>();

  constructor(
    private readonly prefix: string,
    private readonly caseId: string,
    private readonly clock: Pick<VirtualClock, 'now'>,
    /** Where a run continued as new left off. */
    startStep = 0,
  ) {
    this.step = startStep;
  }

  /** A trail of its own for one part of the workflow, keyed `${prefix}/${name}:${step}`. */
  branch(name: string): AuditTrail {
    if (this.branches.has(name)) throw new Error(`audit trail ${this.prefix}/${name} already exists`);
    this.branches.add(name);
    return new AuditTrail(`${this.prefix}/${name}`, this.caseId, this.clock);
  }

  /** The step of the last entry minted: what a run carries across continue-as-new. */
  get lastStep(): number {
    return this.step;
  }

  /** The next entry, its step taken whether or not it is ever written (a refused write leaves a gap in keys only). */
  next(action: string, actorId: string | null, after: Record<string, unknown>): AuditEvent {
    this.step += 1;
    return {
      eventKey: `${this.prefix}:${this.step}`,
      caseId: this.caseId,
      actorId,
      action,
      at: new Date(this.clock.now()).toISOString(),
      after,
    };
  }

  async append(action: string, actorId: string | null, after: Record<string, unknown>): Promise<void> {
    await persist.appendAudit(this.next(action, actorId, after));
  }
}
