import type { Client, WorkflowHandle } from '@temporalio/client';
import {
  getCaseState,
  getInvestigationState,
  submitDecision,
  type InvestigationState,
} from '../../libs/contracts/src';

type Task = InvestigationState['tasks'][number];

/** Bounded polling for state that another process or workflow produces; never a fixed sleep. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, attempts = 200): Promise<T> {
  let delay = 10;
  for (let i = 0; i < attempts; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 250);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Drives one case through its human tasks the way people would, through Workflow Updates. */
export class CaseDriver {
  constructor(
    readonly client: Client,
    readonly caseId: string,
  ) {}

  get case(): WorkflowHandle {
    return this.client.workflow.getHandle(this.caseId);
  }
  child(role: 'violation' | 'trace-back' = 'violation'): WorkflowHandle {
    return this.client.workflow.getHandle(`${this.caseId}/${role}`);
  }

  caseState() {
    return this.case.query(getCaseState);
  }
  state(role: 'violation' | 'trace-back' = 'violation'): Promise<InvestigationState> {
    return this.child(role).query(getInvestigationState);
  }

  /** The open task of a stage (optionally of a kind), once the workflow has opened it. */
  async openTask(stage: string, kind?: Task['kind'], role: 'violation' | 'trace-back' = 'violation'): Promise<Task> {
    return eventually(async () => {
      const state = await this.state(role).catch(() => undefined);
      return state?.tasks.find((t) => t.status === 'OPEN' && t.stage === stage && (!kind || t.kind === kind));
    }, `an open ${kind ?? ''} task in ${stage}`);
  }

  async decide(
    stage: string,
    kind: Task['kind'],
    outcome: string,
    extra: { actorId?: string; reason?: string; role?: 'violation' | 'trace-back' } = {},
  ) {
    const task = await this.openTask(stage, kind, extra.role);
    return this.child(extra.role).executeUpdate(submitDecision, {
      args: [
        {
          taskId: task.taskId,
          taskVersion: task.version,
          actorId: extra.actorId ?? task.assigneeId,
          outcome,
          comment: `${outcome} by test`,
          basis: [{ regulation: 'WR', article: '1' }],
          reason: extra.reason,
        },
      ],
    });
  }

  /** A proposal followed by approval at every level. */
  async proposeAndApprove(stage: string, outcome: string, approvals: number): Promise<void> {
    await this.decide(stage, 'decision', outcome);
    for (let i = 0; i < approvals; i++) await this.decide(stage, 'approval', 'APPROVE');
  }

  async waitForStage(stage: string): Promise<InvestigationState> {
    return eventually(async () => {
      const state = await this.state().catch(() => undefined);
      return state?.stage === stage ? state : undefined;
    }, `stage ${stage}`);
  }
}
