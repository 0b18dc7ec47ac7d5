import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import type { CaseCreated } from '../../libs/contracts/src/http';
import { CASE_NUMBER_OFFSET, loadSampleOrgWithOwnCaseNumbers } from '../support/case-numbers';
import { startAppStack, type AppStack } from '../support/app-stack';
import { testDataConverter } from '../support/payload-keys';
import { personClient, type PersonClient } from './support/http-client';

/**
 * Issue 10, end to end: the gateway and worker as processes over HTTP on the sample org. A county case and
 * a city case are opened with only what the opener knows (kind, unit, jurisdiction, subjects, domains,
 * misconduct period, and the investigator where the commission has several); the org model fills every
 * other role, the server numbers the case, and the first task reaches the right person's inbox.
 */
const SAMPLE_ORG = JSON.parse(readFileSync(join(__dirname, '../../infra/seed/sample-org.json'), 'utf8')) as {
  tenures: { personId: string; positionId: string; from: string; to: string | null }[];
};

type Row = [field: string, positionId: string, personId: string];
/** Who the org model must put in each role, and the post (infra/seed/sample-org.json) that puts them there. */
const COUNTY_TABLE: Row[] = [
  ['caseManagementOfficerId', 'pos-kcm-casemgmt-officer', 'p-0032'],
  ['caseOfficerId', 'pos-kcm-investigator', 'p-0029'],
  ['leaderInChargeId', 'pos-kcm-deputy', 'p-0026'],
  ['principalLeaderId', 'pos-kcm-secretary', 'p-0025'],
  ['deputyLeaderIds.0', 'pos-kcm-deputy', 'p-0027'],
  ['trialReviewerIds.0', 'pos-kcm-trial-director', 'p-0033'],
  ['trialReviewerIds.1', 'pos-kcm-trial-officer', 'p-0030'],
  ['standingCommitteeIds.0', 'pos-kcm-secretary', 'p-0025'],
  ['standingCommitteeIds.1', 'pos-kcm-deputy', 'p-0026'],
  ['standingCommitteeIds.2', 'pos-kcm-deputy', 'p-0027'],
  ['appealHandlerId', 'pos-kcm-appeals-officer', 'p-0034'],
  ['higherCommissionLeaderId', 'pos-ccm-secretary', 'p-0003'],
  ['higherCommissionCaseManagementId', 'pos-ccm-casemgmt-director', 'p-0006'],
];
const CITY_TABLE: Row[] = [
  ['caseManagementOfficerId', 'pos-ccm-casemgmt-officer', 'p-0007'],
  ['caseOfficerId', 'pos-ccm-investigator', 'p-0010'],
  ['leaderInChargeId', 'pos-ccm-deputy', 'p-0004'],
  ['principalLeaderId', 'pos-ccm-secretary', 'p-0003'],
  ['deputyLeaderIds.0', 'pos-ccm-deputy', 'p-0005'],
  ['trialReviewerIds.0', 'pos-ccm-trial-director', 'p-0008'],
  ['trialReviewerIds.1', 'pos-ccm-trial-officer', 'p-0009'],
  ['standingCommitteeIds.0', 'pos-ccm-secretary', 'p-0003'],
  ['standingCommitteeIds.1', 'pos-ccm-deputy', 'p-0004'],
  ['standingCommitteeIds.2', 'pos-ccm-deputy', 'p-0005'],
  ['appealHandlerId', 'pos-ccm-appeals-officer', 'p-0046'],
  ['higherCommissionLeaderId', 'pos-pcm-secretary', 'p-0044'],
  ['higherCommissionCaseManagementId', 'pos-pcm-casemgmt-director', 'p-0045'],
];

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const holdsToday = (personId: string, positionId: string) =>
  SAMPLE_ORG.tenures.some(
    (t) => t.personId === personId && t.positionId === positionId && t.from <= today() && (t.to ?? '9999') >= today(),
  );

describe('opening cases from the org model over HTTP (issue 10)', () => {
  let stack: AppStack;
  let connection: Connection;
  let temporal: TemporalClient;

  beforeAll(async () => {
    stack = await startAppStack(
      { CASE_DOCUMENT_NO_TEMPLATES: JSON.stringify({ 'u-county-committee': '清纪立〔{year}〕{seq}号' }) },
      {
        beforeStart: loadSampleOrgWithOwnCaseNumbers,
      },
    );
    connection = await Connection.connect({ address: process.env.SHUANGCHA_TEST_TEMPORAL_ADDRESS });
    temporal = new TemporalClient({ connection });
  }, 240_000);

  afterAll(async () => {
    await connection?.close();
    await stack?.stop();
  });

  /** The participants the case workflow started with, as Temporal recorded them. */
  async function startedParticipants(workflowId: string): Promise<Record<string, unknown>> {
    const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
    const payload = history.events?.[0].workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    // Workflow input is encrypted in Temporal; the stack runs with the test keys, which decode it.
    const [decoded] = await testDataConverter().payloadCodecs[0].decode([payload!]);
    return (JSON.parse(Buffer.from(decoded.data!).toString()) as { participants: Record<string, unknown> })
      .participants;
  }

  const pick = (participants: Record<string, unknown>, path: string) =>
    path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], participants);

  async function openAndCheck(opener: PersonClient, body: object, table: Row[]): Promise<CaseCreated> {
    const created = await opener.openCase(body);
    expect(created.caseNo).toMatch(/^\d{4}-\d{6}$/);
    const participants = await startedParticipants(created.workflowId);
    expect(table.map(([field]) => [field, pick(participants, field)])).toEqual(
      table.map(([field, , personId]) => [field, personId]),
    );
    // The table is the sample org's: every expected person holds the named post today.
    expect(table.filter(([, positionId, personId]) => !holdsToday(personId, positionId))).toEqual([]);
    const intake = await opener.findInInbox(created.caseId, 'intake', 'decision', 30_000);
    expect(intake).toMatchObject({ caseId: created.caseId, stage: 'intake' });
    return created;
  }

  const misconduct = {
    kind: 'violation',
    domains: ['procurement'],
    misconductIntervals: [{ from: '2022-01-01', to: '2024-06-30' }],
  };

  it('opens a county case and a city case with only what the opener knows, the org model filling every role', async () => {
    const countyCmo = await personClient(stack, 'p-0032');
    const county = await openAndCheck(
      countyCmo,
      {
        ...misconduct,
        unitId: 'u-county-health',
        jurisdictionId: 'u-county-committee',
        subjectIds: ['p-0041'],
        caseOfficerId: 'p-0029',
      },
      COUNTY_TABLE,
    );
    const [year, seq] = county.caseNo.split('-');
    expect(county.documentNo).toBe(`清纪立〔${year}〕${Number(seq)}号`);

    const cityCmo = await personClient(stack, 'p-0007');
    const city = await openAndCheck(
      cityCmo,
      { ...misconduct, unitId: 'u-city-housing', jurisdictionId: 'u-city-committee', subjectIds: ['p-0013'] },
      CITY_TABLE,
    );
    // Each commission counts its own cases.
    const first = `${year}-${String(CASE_NUMBER_OFFSET + 1).padStart(6, '0')}`;
    expect([county.caseNo, city.caseNo]).toEqual([first, first]);
    expect(city.caseId).not.toBe(county.caseId);
  });
});
