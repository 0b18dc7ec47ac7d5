import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { Client, Connection } from '@temporalio/client';
import { shanghaiLocalDate } from '@shuangcha/domain/calendar';
import { aCase, PEOPLE } from '../../../test/builders/case.builder';
import { eventually } from '../../../test/support/case-driver';
import { startGateway, type GatewayHarness } from '../../../test/support/gateway-harness';

const JURISDICTION = 'u-county-x';
const key = () => `k-${randomUUID()}`;

let gw: GatewayHarness;
let connection: Connection;
let client: Client;

beforeAll(async () => {
  gw = await startGateway({ worker: true });
  connection = await Connection.connect({ address: gw.config.TEMPORAL_ADDRESS });
  client = new Client({ connection });
});

afterAll(async () => {
  await connection?.close();
  await gw?.close();
});

/**
 * Text PostgreSQL cannot store must be refused at the door (issue 16 §1): a decision whose comment the
 * database later refused took effect in the workflow without its record.
 */
describe('text that cannot be stored is refused before anything happens', () => {
  const { openedBy: _o, requestKey: _r, ...body } = aCase().build();
  let caseId: string;
  let cmo: string;

  beforeAll(async () => {
    cmo = await gw.token(PEOPLE.caseManagementOfficer, ['staff'], [JURISDICTION]);
    const created = await gw.http().post('/cases').set('authorization', cmo).set('idempotency-key', key()).send(body);
    expect(created.status).toBe(201);
    caseId = (created.body as { caseId: string }).caseId;
  });

  const intakeTask = () =>
    eventually(async () => {
      const res = await gw.http().get(`/cases/${caseId}`).set('authorization', cmo);
      return res.status === 200
        ? (res.body.openTasks?.find((t: { stage: string }) => t.stage === 'intake') as
            { taskId: string; version: number } | undefined)
        : undefined;
    }, 'the intake task');

  it.each([
    ['NUL', 'a\u0000b'],
    ['a lone surrogate', 'a\ud800b'],
  ])(
    'answers 400 to a decision whose comment holds %s, and the task stays open at its version',
    async (_n, comment) => {
      const intake = await intakeTask();
      await eventually(async () => {
        const inbox = await gw.http().get('/tasks').set('authorization', cmo);
        return inbox.body.items?.find((t: { taskId: string }) => t.taskId === intake.taskId);
      }, 'the intake task in the read model');

      const res = await gw
        .http()
        .post(`/tasks/${intake.taskId}/decision`)
        .set('authorization', cmo)
        .set('idempotency-key', key())
        .send({ taskVersion: intake.version, outcome: 'REGISTERED', comment });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'comment' })]);

      const after = await intakeTask();
      expect(after).toMatchObject({ taskId: intake.taskId, version: intake.version });
      const decisions: unknown[] = await gw.dataSource.query('SELECT 1 FROM case_decisions WHERE case_id = $1', [
        caseId,
      ]);
      expect(decisions).toEqual([]);
      const detail = await gw.http().get(`/cases/${caseId}`).set('authorization', cmo);
      expect(detail.body.openTasks.map((t: { stage: string }) => t.stage)).toEqual(['intake']);
    },
  );

  it('answers 400, not 500, to a list filter holding NUL', async () => {
    const res = await gw.http().get('/cases?stage=%00').set('authorization', cmo);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });
});

describe('a problem-list import with text that cannot be stored', () => {
  it('is refused as a whole, and no list is started', async () => {
    const staff = await gw.token('p-0007', ['staff'], ['u-city-committee']);
    const listNo = `2026-N${Math.floor(Math.random() * 1e6)}`;
    const res = await gw
      .http()
      .post('/rectification/lists')
      .set('authorization', staff)
      .set('idempotency-key', key())
      .send({
        listNo,
        source: 'INSPECTION_FEEDBACK',
        supervisingBodyId: 'u-city-committee',
        policyVersion: 'dom-2026.1',
        participants: {
          verifierIds: ['p-0006'],
          caseManagementOfficerId: 'p-0007',
          leaderInChargeId: 'p-0003',
          higherCommissionCaseManagementId: 'p-0004',
        },
        items: [
          {
            itemKey: 'R1',
            problem: 'procurement\u0000rules',
            measure: 'adopt revised rules',
            responsiblePersonId: 'p-0015',
            responsibleUnitId: 'u-city-housing',
            dueDate: shanghaiLocalDate(Date.now() + 90 * 24 * 3600 * 1000),
          },
        ],
      });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'items.0.problem' })]);
    await expect(client.workflow.getHandle(`rectification-${listNo}`).describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );
    const lists: unknown[] = await gw.dataSource.query('SELECT 1 FROM rectification_lists WHERE list_no = $1', [
      listNo,
    ]);
    expect(lists).toEqual([]);
  });
});
