import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { PrincipalRole } from '@shuangcha/contracts/http';
import { aCase, PEOPLE } from '../../../test/builders/case.builder';
import { eventually } from '../../../test/support/case-driver';
import { decideRecusal, startGateway, type GatewayHarness } from '../../../test/support/gateway-harness';

/**
 * Issue 7 §2: every route × every role × in/out of jurisdiction, over HTTP on the real stack. A cell is
 * either allowed (the route's success status, or a business answer from the workflow such as
 * NOT_ASSIGNEE or WRONG_STAGE: the policy let the request through) or denied (403 FORBIDDEN, or 404
 * CASE_/TASK_NOT_FOUND for need-to-know) with a DENIED audit entry carrying the request's trace id.
 * A route the app serves without a row here fails the first test.
 *
 * Issue 16 §2, §4: the case's targets (its subject, as staff or as an admin; a trace-back candidate who
 * is a case-management officer) and a deputy recused from it hold roles that would reach the case; they
 * are denied every route on it, and no answer they get, lists and exports included, names the case.
 */
const J = 'u-county-x';
const OTHER = 'u-county-y';

type Kind =
  'staff' | 'approver' | 'supervisor' | 'admin' | 'outsider' | 'subject' | 'adminSubject' | 'candidate' | 'recused';
type Cell = `${Kind}-${'in' | 'out'}`;
const KINDS: Kind[] = [
  'staff',
  'approver',
  'supervisor',
  'admin',
  'outsider',
  'subject',
  'adminSubject',
  'candidate',
  'recused',
];
/** The kinds the matrix case is about or that are recused from it: no answer they get may name it. */
const HIDDEN_FROM: Kind[] = ['subject', 'adminSubject', 'candidate', 'recused'];
const CELLS: Cell[] = KINDS.flatMap((k) => [`${k}-in`, `${k}-out`] as Cell[]);

const ROLES: Record<Kind, PrincipalRole[]> = {
  staff: ['staff'],
  approver: ['approver'],
  supervisor: ['supervisor'],
  admin: ['admin'],
  outsider: [],
  // The case's subject as a colleague in the commission: the worst case for "never sees their own case".
  subject: ['staff'],
  // The subject again, as an admin who also supervises: admins see every case's metadata but their own.
  adminSubject: ['admin', 'supervisor'],
  // A case-management officer the trace-back names as a candidate.
  candidate: ['staff', 'supervisor'],
  // A deputy who declared a conflict on the case.
  recused: ['approver', 'supervisor'],
};
const CANDIDATE = 'p-mx-cmo-candidate';
const RECUSED = 'p-mx-deputy-recused';
const kindOf = (cell: Cell) => cell.slice(0, cell.lastIndexOf('-')) as Kind;
const PERSON_OF_KIND: Partial<Record<Kind, string>> = {
  subject: PEOPLE.subject,
  adminSubject: PEOPLE.subject,
  candidate: CANDIDATE,
  recused: RECUSED,
};
const personOf = (cell: Cell) => PERSON_OF_KIND[kindOf(cell)] ?? `p-mx-${cell}`;

const EVERYONE = CELLS;
const CASE_FULL: Cell[] = ['staff-in', 'approver-in'];
const CASE_METADATA: Cell[] = ['staff-in', 'approver-in', 'supervisor-in', 'admin-in', 'admin-out'];
const SUPERVISORS: Cell[] = CELLS.filter((cell) => ROLES[kindOf(cell)].includes('supervisor'));
const ADMINS: Cell[] = CELLS.filter((cell) => ROLES[kindOf(cell)].includes('admin'));
/**
 * Supervisors and admins who answer for some jurisdiction (every cell here has one), unless some case is
 * about them or they are recused from one: the codec cannot tell whose case a payload belongs to.
 */
const CODEC_USERS: Cell[] = [...SUPERVISORS, ...ADMINS].filter((cell) => !HIDDEN_FROM.includes(kindOf(cell)));
/** Staff of the jurisdiction open cases and problem lists there, targets of another case included. */
const OPENERS: Cell[] = ['staff-in', 'subject-in', 'candidate-in'];
/** Staff anywhere: who may open cases in their own jurisdictions. */
const STAFF: Cell[] = CELLS.filter((cell) => ROLES[kindOf(cell)].includes('staff'));
/** Everyone with a role in a commission; the service narrows the directory to their jurisdictions. */
const PEOPLE_READERS: Cell[] = CELLS.filter((cell) => ROLES[kindOf(cell)].length > 0);

interface Ctx {
  caseId: string;
  attachmentId: string;
  taskId: string;
  taskVersion: number;
  listId: string;
  person: string;
}
interface Row {
  allowed: Cell[];
  /** The status an allowed request answers with; `business` accepts any 2xx or a workflow's own 4xx. */
  success: number | 'business';
  path: (c: Ctx) => string;
  body?: (c: Ctx) => object;
  /** A multipart upload instead of a JSON body: the form fields, then one file. */
  upload?: { fields: Record<string, string>; file: Buffer };
}

const newCase = () => {
  const { openedBy: _o, requestKey: _r, ...body } = aCase().build();
  return { ...body, subjectIds: ['p-mx-someone-else'] };
};
const reason = { reason: 'access matrix' };
const SHA = 'c'.repeat(64);
const NO_EXPORT = 'exp-00000000-0000-4000-8000-000000000000';
const PDF = Buffer.from('%PDF-1.7\n% access matrix\n%%EOF\n');
const inAYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
/** A problem list of the jurisdiction; its one item is someone else's, so an allowed report is NOT_ASSIGNEE. */
const newList = () => ({
  listNo: `MX-${randomUUID().slice(0, 8)}`,
  source: 'INSPECTION_FEEDBACK',
  supervisingBodyId: J,
  policyVersion: 'dom-2026.1',
  participants: {
    verifierIds: [PEOPLE.caseManagementOfficer],
    caseManagementOfficerId: PEOPLE.caseManagementOfficer,
    leaderInChargeId: PEOPLE.leaderInCharge,
    higherCommissionCaseManagementId: PEOPLE.higherCommissionCaseManagement,
  },
  items: [
    {
      itemKey: 'R1',
      problem: 'matrix problem',
      measure: 'matrix measure',
      responsiblePersonId: 'p-mx-responsible',
      responsibleUnitId: 'u-unit-mx',
      dueDate: inAYear,
      evidenceRequirements: [{ kind: 'REGULATION', description: 'rules' }],
    },
  ],
});
// The matrix's problem list comes from an inspection, not from the matrix case: its targets keep their reach.
const LIST_READERS: Cell[] = [
  ...['staff-in', 'approver-in', 'supervisor-in', 'subject-in', 'candidate-in', 'recused-in'],
  ...ADMINS,
] as Cell[];
const LIST_ACTORS: Cell[] = ['staff-in', 'approver-in', 'subject-in', 'candidate-in', 'recused-in'];
const today = new Date().toISOString().slice(0, 10);

const MATRIX: Record<string, Row> = {
  'POST /dev/tokens': {
    allowed: EVERYONE,
    success: 201,
    path: () => '/dev/tokens',
    body: () => ({ personId: 'p-0001' }),
  },
  'GET /health': { allowed: EVERYONE, success: 200, path: () => '/health' },
  'GET /health/live': { allowed: EVERYONE, success: 200, path: () => '/health/live' },
  'GET /ready': { allowed: EVERYONE, success: 200, path: () => '/ready' },
  'GET /health/ready': { allowed: EVERYONE, success: 200, path: () => '/health/ready' },
  'POST /cases': { allowed: OPENERS, success: 201, path: () => '/cases', body: newCase },
  'GET /cases/participant-proposal': {
    allowed: OPENERS,
    success: 200,
    path: () => `/cases/participant-proposal?unitId=u-unit-a&jurisdictionId=${J}`,
  },
  'GET /cases': { allowed: EVERYONE, success: 200, path: () => '/cases' },
  'GET /cases/:id': { allowed: CASE_METADATA, success: 200, path: (c) => `/cases/${c.caseId}` },
  'POST /cases/:id/conflicts': {
    allowed: CASE_FULL,
    success: 'business',
    path: (c) => `/cases/${c.caseId}/conflicts`,
    // For someone else: a caller recusing themselves would lose the case for the rest of the matrix.
    body: () => ({ personId: 'p-mx-declared', ground: 'OTHER', ...reason }),
  },
  'POST /cases/:id/rectification-findings': {
    allowed: CASE_FULL,
    success: 'business',
    path: (c) => `/cases/${c.caseId}/rectification-findings`,
    body: () => ({
      items: [
        {
          itemKey: 'MX1',
          problem: 'contracts signed without a second check',
          measure: 'two-person approval',
          responsiblePersonId: 'p-mx-responsible',
          responsibleUnitId: 'u-unit-a',
          dueDate: `${Number(today.slice(0, 4)) + 1}-12-31`,
          evidenceRequirements: [{ kind: 'REGULATION', description: 'the adopted rules' }],
        },
      ],
    }),
  },
  'POST /cases/:id/dual-investigation': {
    allowed: CASE_FULL,
    success: 'business',
    path: (c) => `/cases/${c.caseId}/dual-investigation`,
    body: () => ({ decision: 'DECLINE', ...reason }),
  },
  'POST /cases/:id/appeals': {
    allowed: CASE_FULL,
    success: 'business',
    path: (c) => `/cases/${c.caseId}/appeals`,
    body: () => ({ ...reason, filedOn: today }),
  },
  'GET /cases/:id/audit': { allowed: CASE_FULL, success: 200, path: (c) => `/cases/${c.caseId}/audit` },
  'GET /cases/:id/audit/verify': {
    allowed: CASE_METADATA,
    success: 200,
    path: (c) => `/cases/${c.caseId}/audit/verify`,
  },
  'POST /cases/:id/attachments': {
    allowed: CASE_FULL,
    success: 201,
    path: (c) => `/cases/${c.caseId}/attachments`,
    upload: { fields: { kind: 'DOCUMENT' }, file: PDF },
  },
  'POST /cases/:id/documents': {
    allowed: CASE_FULL,
    // The matrix case has decided no sanction: an allowed caller gets DOCUMENT_DATA_MISSING.
    success: 'business',
    path: (c) => `/cases/${c.caseId}/documents`,
    body: () => ({ kind: 'SANCTION_DECISION' }),
  },
  'GET /cases/:id/export': {
    allowed: CASE_FULL,
    // The matrix case is open: an allowed caller gets CASE_NOT_CLOSED.
    success: 'business',
    path: (c) => `/cases/${c.caseId}/export`,
  },
  'POST /cases/:id/exports': {
    allowed: CASE_FULL,
    // The matrix case is open: an allowed caller gets CASE_NOT_CLOSED.
    success: 'business',
    path: (c) => `/cases/${c.caseId}/exports`,
  },
  'GET /cases/:id/exports/:exportId': {
    allowed: CASE_FULL,
    // No export of the matrix case exists: an allowed caller gets CASE_FILE_EXPORT_NOT_FOUND.
    success: 'business',
    path: (c) => `/cases/${c.caseId}/exports/${NO_EXPORT}`,
  },
  'GET /cases/:id/exports/:exportId/archive': {
    allowed: CASE_FULL,
    success: 'business',
    path: (c) => `/cases/${c.caseId}/exports/${NO_EXPORT}/archive`,
  },
  'GET /cases/:id/attachments': { allowed: CASE_FULL, success: 200, path: (c) => `/cases/${c.caseId}/attachments` },
  'POST /cases/:id/measures': {
    allowed: CASE_FULL,
    // The matrix case is in intake: an allowed caller gets WRONG_STAGE.
    success: 'business',
    path: (c) => `/cases/${c.caseId}/measures`,
    body: () => ({ kind: 'TALK', purpose: 'talk with the procurement clerk' }),
  },
  'GET /cases/:id/measures': { allowed: CASE_FULL, success: 200, path: (c) => `/cases/${c.caseId}/measures` },
  'GET /attachments/:id': { allowed: CASE_FULL, success: 200, path: (c) => `/attachments/${c.attachmentId}` },
  'GET /tasks': { allowed: EVERYONE, success: 200, path: () => '/tasks' },
  'GET /me': { allowed: EVERYONE, success: 200, path: () => '/me' },
  'GET /people': { allowed: PEOPLE_READERS, success: 200, path: () => '/people' },
  'GET /people/:id': {
    allowed: PEOPLE_READERS,
    // The matrix has no org model: an allowed reader gets the directory's own 404 PERSON_NOT_FOUND.
    success: 'business',
    path: () => '/people/p-0032',
  },
  'GET /notifications': { allowed: EVERYONE, success: 200, path: () => '/notifications' },
  'POST /notifications/:id/read': {
    allowed: EVERYONE,
    // Everyone has an inbox; a notification that is not theirs answers 404 NOTIFICATION_NOT_FOUND.
    success: 'business',
    path: () => `/notifications/n-${'0'.repeat(32)}/read`,
  },
  'POST /tasks/:id/decision': {
    allowed: CASE_FULL,
    success: 'business',
    path: (c) => `/tasks/${c.taskId}/decision`,
    body: (c) => ({
      taskVersion: c.taskVersion,
      outcome: 'REGISTERED',
      comment: 'matrix',
      basis: [{ regulation: 'WR', article: '1' }],
    }),
  },
  'POST /tasks/:id/extension-requests': {
    allowed: CASE_FULL,
    success: 'business',
    path: (c) => `/tasks/${c.taskId}/extension-requests`,
    body: () => reason,
  },
  'POST /tasks/:id/suspension': {
    allowed: CASE_FULL,
    success: 'business',
    path: (c) => `/tasks/${c.taskId}/suspension`,
    body: () => reason,
  },
  'POST /tasks/:id/resume': {
    allowed: CASE_FULL,
    success: 'business',
    path: (c) => `/tasks/${c.taskId}/resume`,
    body: () => reason,
  },
  'POST /tasks/:id/replacement': {
    allowed: CASE_FULL,
    success: 'business',
    path: (c) => `/tasks/${c.taskId}/replacement`,
    body: (c) => ({ taskVersion: c.taskVersion, replacementId: 'p-mx-replacement' }),
  },
  'POST /tasks/:id/reassign': {
    allowed: ['supervisor-in'],
    success: 'business',
    path: (c) => `/tasks/${c.taskId}/reassign`,
    // To the current assignee, so whatever the workflow decides, the task stays where the case needs it.
    body: () => ({ newAssigneeId: PEOPLE.caseManagementOfficer, ...reason }),
  },
  'GET /supervision/stalled': { allowed: SUPERVISORS, success: 200, path: () => '/supervision/stalled' },
  'GET /supervision/stalled/export.csv': {
    allowed: SUPERVISORS,
    success: 200,
    path: () => '/supervision/stalled/export.csv',
  },
  'GET /supervision/overdue': { allowed: SUPERVISORS, success: 200, path: () => '/supervision/overdue' },
  'GET /supervision/overdue/export.csv': {
    allowed: SUPERVISORS,
    success: 200,
    path: () => '/supervision/overdue/export.csv',
  },
  'GET /supervision/stats': {
    allowed: SUPERVISORS,
    success: 200,
    path: () => `/supervision/stats?from=2026-01-01&to=${today}`,
  },
  'GET /supervision/stats/export.csv': {
    allowed: SUPERVISORS,
    success: 200,
    path: () => `/supervision/stats/export.csv?from=2026-01-01&to=${today}`,
  },
  'POST /rectification/lists': {
    // The subject of a case is no subject of a problem list: as staff of the jurisdiction they may open one.
    allowed: OPENERS,
    success: 201,
    path: () => '/rectification/lists',
    body: newList,
  },
  'GET /rectification/lists/:id': {
    allowed: LIST_READERS,
    success: 200,
    path: (c) => `/rectification/lists/${c.listId}`,
  },
  'GET /rectification/lists/:id/audit': {
    allowed: LIST_READERS,
    success: 200,
    path: (c) => `/rectification/lists/${c.listId}/audit`,
  },
  'GET /rectification/lists/:id/audit/verify': {
    allowed: LIST_READERS,
    success: 200,
    path: (c) => `/rectification/lists/${c.listId}/audit/verify`,
  },
  'POST /rectification/lists/:id/items/:itemKey/progress': {
    allowed: LIST_ACTORS,
    success: 'business',
    path: (c) => `/rectification/lists/${c.listId}/items/R1/progress`,
    body: () => ({ summary: 'matrix', attachments: [] }),
  },
  'POST /rectification/lists/:id/items/:itemKey/submission': {
    allowed: LIST_ACTORS,
    success: 'business',
    path: (c) => `/rectification/lists/${c.listId}/items/R1/submission`,
    body: () => ({ summary: 'matrix', evidence: [{ id: 'doc-1', sha256: SHA, kind: 'REGULATION' }] }),
  },
  'POST /rectification/lists/:id/recheck': {
    allowed: LIST_ACTORS,
    success: 'business',
    path: (c) => `/rectification/lists/${c.listId}/recheck`,
    body: () => ({ taskId: 't-matrix', taskVersion: 1, outcome: 'CONFIRM' }),
  },
  'GET /supervision/rectification': {
    allowed: SUPERVISORS,
    success: 200,
    path: () => '/supervision/rectification',
  },
  'GET /supervision/rectification/export.csv': {
    allowed: SUPERVISORS,
    success: 200,
    path: () => '/supervision/rectification/export.csv',
  },
  'GET /cases/:id/accountability': {
    allowed: CASE_FULL,
    success: 200,
    path: (c) => `/cases/${c.caseId}/accountability`,
  },
  'POST /cases/:id/trace-back/candidates': {
    allowed: CASE_FULL,
    // The matrix case has no trace-back: an allowed caller gets the workflow's WRONG_STAGE.
    success: 'business',
    path: (c) => `/cases/${c.caseId}/trace-back/candidates`,
    body: () => ({
      target: 'person',
      personId: 'p-mx-candidate',
      responsibility: 'primaryResponsibility',
      suggestedType: 'IMPORTANT_LEADERSHIP',
      ...reason,
    }),
  },
  'POST /cases/:id/trace-back/candidates/:key/removal': {
    allowed: CASE_FULL,
    success: 'business',
    path: (c) => `/cases/${c.caseId}/trace-back/candidates/person-p-mx-candidate/removal`,
    body: () => reason,
  },
  'POST /cases/:id/findings': {
    allowed: CASE_FULL,
    // Only the case officer and case management send findings: other staff get the case's ROLE_NOT_ALLOWED.
    success: 'business',
    path: (c) => `/cases/${c.caseId}/findings`,
    body: () => ({ misconductIntervals: [], domains: [], subjectIds: [PEOPLE.subject], note: 'access matrix' }),
  },
  'POST /cases/:id/trace-back/reviews/:key/appeals': {
    allowed: CASE_FULL,
    // The matrix case has no trace-back: an allowed caller gets WRONG_STAGE.
    success: 'business',
    path: (c) => `/cases/${c.caseId}/trace-back/reviews/person-p-mx-candidate/appeals`,
    body: () => ({ ...reason, filedOn: today }),
  },
  'POST /tasks/:id/accountability-decision': {
    allowed: CASE_FULL,
    // An intake task carries no measures: the case answers with its own 4xx, which proves the policy passed.
    success: 'business',
    path: (c) => `/tasks/${c.taskId}/accountability-decision`,
    body: (c) => ({
      taskVersion: c.taskVersion,
      outcome: 'PROPOSED',
      measures: { forms: ['CIRCULATE'], modifiers: [] },
    }),
  },
  'POST /codec/session': { allowed: CODEC_USERS, success: 204, path: () => '/codec/session' },
  'POST /codec/decode': {
    allowed: CODEC_USERS,
    success: 200,
    path: () => '/codec/decode',
    body: () => ({ payloads: [{ metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'Im1hdHJpeCI=' }] }),
  },
  'POST /codec/encode': {
    allowed: CODEC_USERS,
    success: 200,
    path: () => '/codec/encode',
    body: () => ({ payloads: [{ metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'Im1hdHJpeCI=' }] }),
  },
  'GET /org': { allowed: ADMINS, success: 200, path: () => '/org' },
  // Staff of any jurisdiction read their own jurisdictions' units (org-units.int-spec); here an empty tree.
  'GET /org/units': { allowed: STAFF, success: 200, path: () => '/org/units' },
  'PUT /org': {
    allowed: ADMINS,
    // A model the service rejects (422) proves the policy let it through without replacing the org.
    success: 422,
    path: () => '/org',
    body: () => ({ asOf: today, persons: [{ id: 'p-mx' }] }),
  },
  'GET /calendar/due-date': {
    allowed: PEOPLE_READERS,
    success: 200,
    path: () => '/calendar/due-date?from=2026-09-30&workingDays=1',
  },
  'POST /admin/calendar/years': {
    allowed: ADMINS,
    // A schedule the service rejects (422) proves the policy let it through without signalling other cases.
    success: 422,
    path: () => '/admin/calendar/years',
    body: () => ({ years: [{ year: 2027, holidays: ['2027-02-30'], makeUpWorkdays: [], source: 'matrix' }] }),
  },
};

const DENIAL_CODES = new Set([
  'FORBIDDEN',
  'CASE_NOT_FOUND',
  'TASK_NOT_FOUND',
  'RECTIFICATION_LIST_NOT_FOUND',
  'ATTACHMENT_NOT_FOUND',
]);

/** `METHOD /path` of every route Express serves, as Nest registered it (OpenAPI's own routes aside). */
function servedRoutes(app: NestExpressApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  };
  return (
    express.router.stack
      // Swagger UI's routes and Nest's catch-all (answers every unknown path with 404 NOT_FOUND) are not API routes.
      .filter(
        (layer) =>
          layer.route &&
          !layer.route.path.startsWith('/docs') &&
          !layer.route.path.includes('openapi') &&
          layer.route.path !== '/{*path}',
      )
      .flatMap((layer) => Object.keys(layer.route!.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path}`))
      .sort()
  );
}

let gw: GatewayHarness;
const ctx = { caseId: '', attachmentId: '', taskId: '', taskVersion: 0, listId: '' };
const tokens = new Map<Cell, string>();
const denials: { traceId: string; label: string }[] = [];

beforeAll(async () => {
  gw = await startGateway({ worker: true });
  for (const cell of CELLS) {
    tokens.set(cell, await gw.token(personOf(cell), ROLES[kindOf(cell)], [cell.endsWith('-in') ? J : OTHER]));
  }
  const cmo = await gw.token(PEOPLE.caseManagementOfficer, ['staff'], [J]);
  const { openedBy: _o, requestKey: _r, ...body } = aCase().build();
  const opened = await gw
    .http()
    .post('/cases')
    .set('authorization', cmo)
    .set('idempotency-key', `k-${randomUUID()}`)
    .send(body);
  expect(opened.status).toBe(201);
  ctx.caseId = opened.body.caseId;
  const intake = await eventually(async () => {
    const res = await gw.http().get(`/cases/${ctx.caseId}`).set('authorization', cmo);
    return res.body.openTasks?.find((t: { stage: string }) => t.stage === 'intake');
  }, 'the intake task');
  ctx.taskId = intake.taskId;
  ctx.taskVersion = intake.version;
  await eventually(async () => {
    const inbox = await gw.http().get('/tasks').set('authorization', cmo);
    return inbox.body.items?.find((t: { taskId: string }) => t.taskId === ctx.taskId);
  }, 'the intake task in the read model');
  const attached = await gw
    .http()
    .post(`/cases/${ctx.caseId}/attachments`)
    .set('authorization', cmo)
    .set('idempotency-key', `k-${randomUUID()}`)
    .field('kind', 'DOCUMENT')
    .attach('file', PDF, { filename: 'matrix.pdf' });
  expect(attached.status).toBe(201);
  ctx.attachmentId = attached.body.attachmentId;
  await makeTargetsAndRecusal(cmo);
  const list = await gw
    .http()
    .post('/rectification/lists')
    .set('authorization', cmo)
    .set('idempotency-key', `k-${randomUUID()}`)
    .send(newList());
  expect(list.status).toBe(201);
  ctx.listId = list.body.listId;
  // The item's own workflow answers the reports, so it must be running before the matrix reaches it.
  await eventually(async () => {
    const inbox = await gw
      .http()
      .get('/tasks')
      .set('authorization', await gw.token('p-mx-responsible', []));
    return inbox.body.items?.find((t: { caseId: string }) => t.caseId === ctx.listId);
  }, 'the rectification task in the read model');
});

afterAll(() => gw?.close());

/**
 * The deputy declares a conflict (回避) on the matrix case and the principal leader decides RECUSE; the leader in charge triggers the trace-back and
 * case management adds the officer as a candidate. Waits until the read model knows both.
 */
async function makeTargetsAndRecusal(cmo: string): Promise<void> {
  const post = (path: string, token: string, body: object) =>
    gw.http().post(path).set('authorization', token).set('idempotency-key', `k-${randomUUID()}`).send(body);
  const recusal = await post(`/cases/${ctx.caseId}/conflicts`, tokens.get('recused-in')!, {
    personId: RECUSED,
    ground: 'RELATIVE',
    reason: 'the subject is my brother-in-law',
  });
  expect(recusal.status).toBe(200);
  await decideRecusal(gw, recusal.body.recusalTaskId, await gw.token(PEOPLE.principalLeader, ['approver'], [J]));
  // The principal leader's own TRIGGER opens the trace-back at once (AR art. 9).
  const leader = await gw.token(PEOPLE.principalLeader, ['approver'], [J]);
  const trigger = await post(`/cases/${ctx.caseId}/dual-investigation`, leader, {
    decision: 'TRIGGER',
    reason: 'access matrix',
  });
  expect(trigger.status).toBe(200);
  await eventually(async () => {
    const view = await gw.http().get(`/cases/${ctx.caseId}/accountability`).set('authorization', cmo);
    return view.body.live?.stage === 'candidateConfirmation' ? true : undefined;
  }, 'the trace-back confirming candidates');
  const added = await post(`/cases/${ctx.caseId}/trace-back/candidates`, cmo, {
    target: 'person',
    personId: CANDIDATE,
    responsibility: 'supervisoryResponsibility',
    suggestedType: 'IMPORTANT_LEADERSHIP',
    reason: 'access matrix',
  });
  expect(added.status).toBe(200);
  await eventually(async () => {
    const rows: { target_ids: string[]; recused_ids: string[] }[] = await gw.dataSource.query(
      `SELECT target_ids, recused_ids FROM cases WHERE case_id = $1`,
      [ctx.caseId],
    );
    const row = rows[0];
    return row?.target_ids.includes(CANDIDATE) && row.recused_ids.includes(RECUSED) ? true : undefined;
  }, 'the candidate and the recusal in the read model');
}

describe('access matrix: every route × role × jurisdiction', () => {
  it('serves no /metrics on the API port to anyone: Prometheus scrapes GATEWAY_METRICS_PORT instead', async () => {
    const anonymous = await gw.http().get('/metrics');
    const admin = await gw.http().get('/metrics').set('authorization', tokens.get('admin-in')!);
    expect([anonymous.status, anonymous.body.code, admin.status, admin.body.code]).toEqual([
      404,
      'NOT_FOUND',
      404,
      'NOT_FOUND',
    ]);
  });

  it('has a row for every route the app serves, and no row for a route it does not', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(servedRoutes(gw.app));
  });

  it.each(Object.keys(MATRIX))('%s', async (route) => {
    const row = MATRIX[route];
    const [method] = route.split(' ');
    const wrong: string[] = [];
    for (const cell of CELLS) {
      const traceId = `mx-${randomUUID()}`;
      const c: Ctx = { ...ctx, person: personOf(cell) };
      let req =
        method === 'POST'
          ? gw.http().post(row.path(c))
          : method === 'PUT'
            ? gw.http().put(row.path(c))
            : gw.http().get(row.path(c));
      req = req.set('authorization', tokens.get(cell)!).set('x-request-id', traceId);
      if (method === 'POST') req = req.set('idempotency-key', `k-${randomUUID()}`);
      if (method === 'POST' && row.upload) {
        for (const [name, value] of Object.entries(row.upload.fields)) req = req.field(name, value);
        req = req.attach('file', row.upload.file, { filename: 'matrix.pdf' });
      } else if (method === 'POST') req = req.send(row.body?.(c) ?? {});
      if (method === 'PUT') req = req.send(row.body?.(c) ?? {});
      const res = await req;
      const code = (res.body as { code?: string } | undefined)?.code;
      const denied = (res.status === 403 || res.status === 404) && code !== undefined && DENIAL_CODES.has(code);
      // A refusal echoes the id the caller asked for; an answer that names the case on its own leaks it.
      if (HIDDEN_FROM.includes(kindOf(cell)) && res.status < 300 && res.text.includes(ctx.caseId)) {
        wrong.push(`${cell}: the answer names the case it must not see`);
      }
      if (row.allowed.includes(cell)) {
        const ok =
          row.success === 'business'
            ? !denied && res.status < 500 && res.status !== 400 && res.status !== 401
            : res.status === row.success;
        if (!ok) wrong.push(`${cell}: expected allowed (${row.success}), got ${res.status} ${code ?? ''}`);
      } else if (!denied) {
        wrong.push(`${cell}: expected denied, got ${res.status} ${code ?? ''}`);
      } else {
        denials.push({ traceId, label: `${route} ${cell}` });
      }
    }
    expect(wrong).toEqual([]);
  });

  it('audits every denial with its trace id', async () => {
    expect(denials.length).toBeGreaterThan(150);
    const rows: { trace_id: string }[] = await gw.dataSource.query(
      `SELECT after->>'traceId' AS trace_id FROM audit_entries WHERE action = 'DENIED' AND after->>'traceId' LIKE 'mx-%'`,
    );
    const audited = new Set(rows.map((r) => r.trace_id));
    expect(denials.filter((d) => !audited.has(d.traceId)).map((d) => d.label)).toEqual([]);
  });
});
