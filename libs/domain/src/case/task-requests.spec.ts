import type { HumanTask } from './human-task';
import { checkExtensionRequest, checkReassign, checkResume, checkSuspensionRequest } from './task-requests';

function aTask(overrides: Partial<HumanTask> = {}): HumanTask {
  return {
    taskId: 't-1',
    stage: 'investigation',
    kind: 'decision',
    title: 'Investigation',
    assigneeId: 'p-officer',
    candidateRole: 'caseOfficer',
    allowedOutcomes: ['TO_TRIAL'],
    status: 'OPEN',
    version: 1,
    limitKey: 'investigation',
    createdAtMs: 0,
    deadline: {
      limitKey: 'investigation',
      policyVersion: 'v1',
      startedAtMs: 0,
      dueAtMs: 1000,
      provisional: false,
      suspension: null,
      adjustments: [],
      recalculations: [],
    },
    extensionCount: 0,
    escalationLevel: 0,
    warningLevel: 'green',
    outcome: null,
    decidedBy: null,
    decidedAtMs: null,
    comment: '',
    reason: null,
    basis: [],
    history: [],
    ...overrides,
  };
}

const nobodyRecused = { isConflicted: () => false };
const request = { taskId: 't-1', actorId: 'p-officer' };
const typeOf = (r: { type: string } | null) => r?.type ?? null;

describe('checkExtensionRequest', () => {
  const facts = { ...nobodyRecused, pendingApproval: false, maxExtensions: 1 };

  it('lets the assignee of an open stage task ask, once at a time, up to the limit', () => {
    expect(checkExtensionRequest(aTask(), request, facts)).toBeNull();
    expect(typeOf(checkExtensionRequest(undefined, request, facts))).toBe('TaskNotFound');
    expect(typeOf(checkExtensionRequest(aTask({ status: 'DECIDED' }), request, facts))).toBe('WrongStage');
    expect(typeOf(checkExtensionRequest(aTask({ kind: 'extensionApproval' }), request, facts))).toBe('InvalidDecision');
    expect(typeOf(checkExtensionRequest(aTask({ assigneeId: 'p-other' }), request, facts))).toBe('NotAssignee');
    expect(typeOf(checkExtensionRequest(aTask(), request, { ...facts, isConflicted: () => true }))).toBe(
      'RecusedApprover',
    );
    expect(typeOf(checkExtensionRequest(aTask(), request, { ...facts, pendingApproval: true }))).toBe(
      'DuplicateDecision',
    );
    expect(typeOf(checkExtensionRequest(aTask({ extensionCount: 1 }), request, facts))).toBe('ExtensionLimitReached');
  });
});

describe('checkSuspensionRequest and checkResume', () => {
  const suspended = aTask({ deadline: { ...aTask().deadline, suspension: { sinceMs: 10, reason: 'abroad' } } });

  it('suspends a running stage clock at its assignee’s request and resumes it by the assignee or an approver above', () => {
    const facts = { ...nobodyRecused, pendingApproval: false };
    expect(checkSuspensionRequest(aTask(), request, facts)).toBeNull();
    expect(typeOf(checkSuspensionRequest(aTask({ kind: 'approval' }), request, facts))).toBe('InvalidDecision');
    expect(typeOf(checkSuspensionRequest(suspended, request, facts))).toBe('WrongStage');
    expect(typeOf(checkSuspensionRequest(aTask(), request, { ...facts, pendingApproval: true }))).toBe(
      'DuplicateDecision',
    );

    const above = { ...nobodyRecused, approversAbove: ['p-leader'] };
    expect(checkResume(suspended, request, above)).toBeNull();
    expect(checkResume(suspended, { ...request, actorId: 'p-leader' }, above)).toBeNull();
    expect(typeOf(checkResume(suspended, { ...request, actorId: 'p-clerk' }, above))).toBe('RoleNotAllowed');
    expect(typeOf(checkResume(aTask(), request, above))).toBe('WrongStage');
  });
});

describe('checkReassign', () => {
  const move = { taskId: 't-1', actorId: 'p-cmo', newAssigneeId: 'p-liu' };
  const facts = { ...nobodyRecused, supervises: true, separationBreach: null };

  it('lets a supervisor move a single-holder task to someone eligible, never against separation of duties', () => {
    expect(checkReassign(aTask(), move, facts)).toBeNull();
    expect(typeOf(checkReassign(aTask(), move, { ...facts, supervises: false }))).toBe('RoleNotAllowed');
    expect(typeOf(checkReassign(aTask(), move, { ...facts, isConflicted: (id) => id === 'p-liu' }))).toBe(
      'RecusedApprover',
    );
    expect(typeOf(checkReassign(aTask({ kind: 'collectiveDecision' }), move, facts))).toBe('InvalidDecision');
    expect(typeOf(checkReassign(aTask({ assigneeId: 'p-liu' }), move, facts))).toBe('InvalidDecision');
    expect(checkReassign(aTask(), move, { ...facts, separationBreach: 'p-liu investigated this case' })).toEqual({
      type: 'InvalidDecision',
      message: 'p-liu investigated this case',
    });
  });
});
