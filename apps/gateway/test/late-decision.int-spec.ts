import { randomInt, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { ProblemCode } from '@shuangcha/contracts/http';
import { aCase, PEOPLE } from '../../../test/builders/case.builder';
import { eventually } from '../../../test/support/case-driver';
import { startGateway, type GatewayHarness } from '../../../test/support/gateway-harness';
import { testDataConverter } from '../../../test/support/payload-keys';

// Case numbers outside the builder's range: workflow ids are shared by every test file on the dev server.
const uniqueCaseNo = () => `2026-${randomInt(900_000, 1_000_000)}`;
const JURISDICTION = 'u-county-x';
const key = () => `k-${randomUUID()}`;

let gw: GatewayHarness;
let connection: Connection;
let client: Client;

beforeAll(async () => {
  gw = await startGateway({ worker: true });
  connection = await Connection.connect({ address: gw.config.TEMPORAL_ADDRESS });
  client = new Client({ connection, dataConverter: testDataConverter() });
});

afterAll(async () => {
  await connection?.close();
  await gw?.close();
});

describe('a decision that arrives after its investigation has finished', () => {
  it('answers 409 TASK_CLOSED naming the task, not 404 CASE_NOT_FOUND naming the child workflow', async () => {
    const cmo = await gw.token(PEOPLE.caseManagementOfficer, ['staff'], [JURISDICTION]);
    const { openedBy: _o, requestKey: _r, ...body } = aCase().withCaseNo(uniqueCaseNo()).build();
    const opened = await gw.http().post('/cases').set('authorization', cmo).set('idempotency-key', key()).send(body);
    expect(opened.status).toBe(201);
    const caseId = opened.body.caseId as string;

    const intake = await eventually(async () => {
      const inbox = await gw.http().get('/tasks').set('authorization', cmo);
      return (inbox.body.items as { taskId: string; caseId: string; version: number }[] | undefined)?.find(
        (t) => t.caseId === caseId,
      );
    }, 'the intake task in the inbox');
    const decision = (outcome: string) => ({
      taskVersion: intake.version,
      outcome,
      comment: 'handed to the competent commission',
      basis: [{ regulation: 'WR', article: '1' }],
    });
    // TRANSFERRED ends the violation investigation right after intake.
    const transferred = await gw
      .http()
      .post(`/tasks/${intake.taskId}/decision`)
      .set('authorization', cmo)
      .set('idempotency-key', key())
      .send(decision('TRANSFERRED'));
    expect(transferred.status).toBe(200);
    await eventually(async () => {
      const { status } = await client.workflow.getHandle(`${caseId}/violation`).describe();
      return status.name === 'RUNNING' ? undefined : status.name;
    }, 'the violation investigation to finish');

    const late = await gw
      .http()
      .post(`/tasks/${intake.taskId}/decision`)
      .set('authorization', cmo)
      .set('idempotency-key', key())
      .send(decision('REGISTERED'));
    expect({ status: late.status, code: late.body.code }).toEqual({ status: 409, code: ProblemCode.TaskClosed });
    expect(late.body.detail).toContain(intake.taskId);
    expect(late.body.detail).not.toContain('/violation');
  });
});
