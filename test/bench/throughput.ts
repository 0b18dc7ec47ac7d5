import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import type { Problem } from '../../libs/contracts/src/http';
import { aCase, PEOPLE } from '../builders/case.builder';
import type { AppStack } from '../support/app-stack';
import { eventually } from '../e2e/support/eventually';
import { personClient, type PersonClient } from '../e2e/support/http-client';
import { awaitOneRecordedUpdate, awaitOneUpdate, decide, decideRecorded } from './baseline/workflows';
import { latency, perSecond, timedPool, type Latency } from './measure';
import { cpuPercentOver, cpuSecondsOf, memoryOf, settle } from './proc';
import type { Progress } from './progress';
import type { BenchResults, WorkerFootprint } from './results';

/** The jurisdiction of the case builder's commission (tokens carry it while the org model is empty). */
const JURISDICTION = 'u-county-x';
const CONCURRENCY = 8;

/**
 * Case starts, decisions and the worker's footprint through the gateway (`POST /cases`,
 * `POST /tasks/{id}/decision` on intake tasks), each beside the same operation on bare Temporal: a client
 * starting the minimal baseline workflow and sending it its one Update, on the same server.
 */
export class Throughput {
  private cmo!: PersonClient;
  private db!: PgClient;
  /** Cases whose intake task is still open, oldest first. */
  private readonly undecided: string[] = [];
  private readonly baselineOpen: string[] = [];
  /** Baseline workflows whose Update records one row before it answers, waiting for it. */
  private readonly recordedOpen: string[] = [];
  private recordedStarted = 0;
  private opened = 0;
  private baselineStarted = 0;
  /** Baseline workflows that got their Update, and so completed. */
  private baselineDone = 0;
  private readonly prefix = `bench-${randomBytes(3).toString('hex')}`;

  constructor(
    private readonly stack: AppStack,
    private readonly client: Client,
    private readonly baselineTaskQueue: string,
    private readonly baselinePid: number,
    private readonly progress: Progress,
  ) {}

  async connect(): Promise<void> {
    this.cmo = await personClient(this.stack, PEOPLE.caseManagementOfficer, ['staff'], [JURISDICTION]);
    this.db = new PgClient({ connectionString: this.stack.databaseUrl });
    // A server stopped under it (Ctrl-C) ends the session; the pending query fails, the event is no crash.
    this.db.on('error', () => undefined);
    await this.db.connect();
  }

  async close(): Promise<void> {
    await this.db?.end();
  }

  private get workerPid(): number {
    return this.stack.worker.child.pid!;
  }

  private async openCase(): Promise<void> {
    const { openedBy: _o, requestKey: _r, ...body } = aCase().build();
    const { caseId } = await this.cmo.openCase(body);
    this.undecided.push(caseId);
    this.opened += 1;
  }

  private async startBaseline(): Promise<void> {
    const workflowId = `${this.prefix}-${this.baselineStarted++}`;
    await this.client.workflow.start(awaitOneUpdate, { taskQueue: this.baselineTaskQueue, workflowId });
    this.baselineOpen.push(workflowId);
  }

  private async startRecordedBaseline(): Promise<void> {
    const workflowId = `${this.prefix}-recorded-${this.recordedStarted++}`;
    await this.client.workflow.start(awaitOneRecordedUpdate, { taskQueue: this.baselineTaskQueue, workflowId });
    this.recordedOpen.push(workflowId);
  }

  /** The intake tasks of these cases, in their order, once the read model has them all (the route reads it). */
  private intakeTasks(caseIds: string[]): Promise<{ task_id: string; version: number }[]> {
    return eventually(
      async () => {
        const { rows } = await this.db.query<{ case_id: string; task_id: string; version: number }>(
          `SELECT case_id, task_id, version FROM case_tasks
            WHERE case_id = ANY($1) AND stage = 'intake' AND kind = 'decision' AND status = 'OPEN'`,
          [caseIds],
        );
        const byCase = new Map(rows.map((r) => [r.case_id, r]));
        return caseIds.every((id) => byCase.has(id)) ? caseIds.map((id) => byCase.get(id)!) : undefined;
      },
      `the intake tasks of ${caseIds.length} cases in the read model`,
      120_000,
    );
  }

  private async decideIntake(caseId: string, task: { task_id: string; version: number }): Promise<void> {
    const res = await this.cmo.decide(task.task_id, {
      taskVersion: task.version,
      outcome: 'REGISTERED',
      comment: '受理：基准测试',
    });
    if (res.status !== 200)
      throw new Error(`decision on ${caseId}: ${res.status} ${JSON.stringify(res.body as Problem)}`);
  }

  private async quiet(): Promise<void> {
    await settle([this.workerPid, this.baselinePid]);
  }

  /** A few of each, unmeasured: connections, JIT and the workers' caches warm up. */
  async warmUp(): Promise<void> {
    this.progress.step('warming up both paths');
    for (let i = 0; i < 3; i++) {
      await this.openCase();
      await this.startBaseline();
    }
    for (let i = 0; i < 3; i++) {
      const caseId = this.undecided.shift()!;
      const [task] = await this.intakeTasks([caseId]);
      await this.decideIntake(caseId, task);
      await this.client.workflow.getHandle(this.baselineOpen.shift()!).executeUpdate(decide, { args: ['REGISTERED'] });
      this.baselineDone += 1;
      await this.startRecordedBaseline();
      await this.client.workflow
        .getHandle(this.recordedOpen.shift()!)
        .executeUpdate(decideRecorded, { args: ['REGISTERED'] });
    }
    await this.quiet();
  }

  async starts(count: number): Promise<NonNullable<BenchResults['starts']>> {
    const items = Array.from({ length: count }, (_, i) => i);
    this.progress.step(`bare: client.workflow.start x ${count}, concurrency ${CONCURRENCY}`, count);
    const bare = await timedPool(
      items,
      CONCURRENCY,
      () => this.startBaseline(),
      () => this.progress.tick(),
    );
    await this.quiet();
    this.progress.step(`Shuangcha: POST /cases x ${count}, concurrency ${CONCURRENCY}`, count);
    const shuangcha = await timedPool(
      items,
      CONCURRENCY,
      () => this.openCase(),
      () => this.progress.tick(),
    );
    await this.quiet();
    return {
      count,
      concurrency: CONCURRENCY,
      shuangchaPerSecond: perSecond(count, shuangcha.wallMs),
      baselinePerSecond: perSecond(count, bare.wallMs),
    };
  }

  /**
   * Round trips of `count` decisions at `concurrency`, on intake tasks already open and projected, beside the
   * bare Update and the bare Update that records one row first.
   */
  async decisions(
    count: number,
    concurrency: number,
  ): Promise<{ shuangcha: Latency; baseline: Latency; recordedBaseline: Latency }> {
    while (this.undecided.length < count) await this.openCase();
    while (this.baselineOpen.length < count) await this.startBaseline();
    while (this.recordedOpen.length < count) await this.startRecordedBaseline();
    const cases = this.undecided.splice(0, count);
    const tasks = await this.intakeTasks(cases);
    const workflows = this.baselineOpen.splice(0, count);
    await this.quiet();
    this.progress.step(`bare: executeUpdate x ${count}, concurrency ${concurrency}`, count);
    const bare = await timedPool(
      workflows,
      concurrency,
      (workflowId) => this.client.workflow.getHandle(workflowId).executeUpdate(decide, { args: ['REGISTERED'] }),
      () => this.progress.tick(),
    );
    this.baselineDone += count;
    await this.quiet();
    const recordedWorkflows = this.recordedOpen.splice(0, count);
    this.progress.step(`bare, recording one row: executeUpdate x ${count}, concurrency ${concurrency}`, count);
    const recorded = await timedPool(
      recordedWorkflows,
      concurrency,
      (workflowId) =>
        this.client.workflow.getHandle(workflowId).executeUpdate(decideRecorded, { args: ['REGISTERED'] }),
      () => this.progress.tick(),
    );
    await this.quiet();
    this.progress.step(`Shuangcha: POST /tasks/{id}/decision x ${count}, concurrency ${concurrency}`, count);
    const shuangcha = await timedPool(
      cases,
      concurrency,
      (caseId, i) => this.decideIntake(caseId, tasks[i]),
      () => this.progress.tick(),
    );
    await this.quiet();
    return {
      shuangcha: latency(shuangcha.durations),
      baseline: latency(bare.durations),
      recordedBaseline: latency(recorded.durations),
    };
  }

  /**
   * Opens cases (and starts baseline workflows) until `openCases` of each are open and waiting on their
   * timers, then reads both workers' memory and CPU once they are quiet.
   */
  async footprint(openCases: number): Promise<NonNullable<BenchResults['memory']>> {
    const shuangchaMore = Math.max(0, openCases - this.opened);
    // A decided case stays open (the next stage waits); a baseline workflow ends with its Update.
    const baselineMore = Math.max(0, openCases - (this.baselineStarted - this.baselineDone));
    const before = { own: memoryOf(this.workerPid).rssMiB, bare: memoryOf(this.baselinePid).rssMiB };

    const bare = await this.openMeasured('bare: starting workflows', baselineMore, this.baselinePid, () =>
      this.startBaseline(),
    );
    const own = await this.openMeasured('Shuangcha: opening cases', shuangchaMore, this.workerPid, () =>
      this.openCase(),
    );

    this.progress.step('both: CPU over a 10 s window with only timers pending');
    const [ownIdle, bareIdle] = await Promise.all([
      cpuPercentOver(this.workerPid, 10_000),
      cpuPercentOver(this.baselinePid, 10_000),
    ]);
    const footprint = (
      pid: number,
      rssBeforeMiB: number,
      cpuMs: number,
      started: number,
      idle: number,
      wallMs: number,
    ): WorkerFootprint => ({
      rssBeforeMiB,
      ...memoryOf(pid),
      cpuMsPerStart: started > 0 ? Math.round((cpuMs / started) * 10) / 10 : 0,
      idleCpuPercent: idle,
      openSeconds: Math.round(wallMs / 100) / 10,
    });
    return {
      openCases: this.opened,
      openedHere: shuangchaMore,
      runningWorkflows: await this.running(this.stack.taskQueue),
      shuangcha: footprint(this.workerPid, before.own, own.cpuMs, shuangchaMore, ownIdle, own.wallMs),
      baseline: footprint(this.baselinePid, before.bare, bare.cpuMs, baselineMore, bareIdle, bare.wallMs),
    };
  }

  /** Opens `count` at concurrency 8, then waits until the workers are quiet; the CPU `pid` spent meanwhile. */
  private async openMeasured(
    what: string,
    count: number,
    pid: number,
    open: () => Promise<void>,
  ): Promise<{ wallMs: number; cpuMs: number }> {
    this.progress.step(`${what}: ${count.toLocaleString('en')} more`, count);
    const cpu = cpuSecondsOf(pid);
    const items = Array.from({ length: count }, (_, i) => i);
    const { wallMs } = await timedPool(items, CONCURRENCY, open, () => this.progress.tick());
    this.progress.step(`${what}: waiting for the workers to go quiet`);
    await this.quiet();
    return { wallMs, cpuMs: (cpuSecondsOf(pid) - cpu) * 1000 };
  }

  private async running(taskQueue: string): Promise<number> {
    const { count } = await this.client.workflow.count(`TaskQueue = "${taskQueue}" AND ExecutionStatus = "Running"`);
    return count;
  }
}
