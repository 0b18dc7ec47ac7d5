import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { CASE_TASK_QUEUE } from '../../libs/contracts/src';
import { caseWorkflow } from '../../workflows/case.workflow';
import { aCase, type CaseBuilder } from '../builders/case.builder';
import { CaseDriver } from './case-driver';
import { RecordingActivities } from './recording-activities';
import { testDataConverter } from './payload-keys';
import { timeSkippingEnv, workflowBundle, workflowSpanSinks } from './workflow-env';

export interface CaseWorld {
  readonly env: TestWorkflowEnvironment;
  readonly activities: RecordingActivities;
  openCase(build?: CaseBuilder): Promise<CaseDriver>;
  /** Moves the (locked) test server clock forward to `instantMs` plus `marginMs`; never backwards. */
  sleepUntil(instantMs: number, marginMs?: number): Promise<void>;
}

export interface CaseWorldOptions {
  /**
   * A server, worker and activity set per test instead of per file, where time skipped in one test must not
   * wait on another's workflows: a problem list that closed leaves abandoned items the Java test server skips
   * no more time for (README, "The time-skipping hang").
   */
  serverPerTest?: boolean;
}

/**
 * One time-skipping server, worker and in-memory activity set per spec file (or per test). Cases a test
 * leaves open keep running (their timers fire when a later test skips time): terminating a workflow on the
 * Java test server leaves its time-skipping lock held, after which `env.sleep` never returns.
 */
export function caseWorld(options: CaseWorldOptions = {}): CaseWorld {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  let activities = new RecordingActivities();
  const [setUp, tearDown] = options.serverPerTest ? [beforeEach, afterEach] : [beforeAll, afterAll];

  setUp(async () => {
    if (options.serverPerTest) activities = new RecordingActivities();
    env = await timeSkippingEnv();
    worker = await Worker.create({
      sinks: workflowSpanSinks(),
      connection: env.nativeConnection,
      taskQueue: CASE_TASK_QUEUE,
      workflowBundle: await workflowBundle(),
      activities: activities.asActivities(),
      dataConverter: testDataConverter(),
    });
    running = worker.run();
  }, 120_000);

  tearDown(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  return {
    get env() {
      return env;
    },
    get activities() {
      return activities;
    },
    async openCase(build = aCase()) {
      const input = build.build();
      const caseId = `case-${input.caseNo}`;
      await env.client.workflow.start(caseWorkflow, { taskQueue: CASE_TASK_QUEUE, workflowId: caseId, args: [input] });
      return new CaseDriver(env.client, caseId, activities, {
        subjectManagedBySameLevelCommittee: input.subjectManagedBySameLevelCommittee,
      });
    },
    async sleepUntil(instantMs, marginMs = 1000) {
      const now = await env.currentTimeMs();
      const delta = instantMs + marginMs - now;
      if (delta > 0) await env.sleep(delta);
    },
  };
}
