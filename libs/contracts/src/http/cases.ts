import { z } from 'zod';
import { safeText } from '../safe-text';
import { peopleMapSchema } from './people';
import {
  appealRegistrationSchema,
  caseStartSchema,
  conflictDeclarationSchema,
  dualInvestigationDecisionSchema,
} from '../case-workflow';

/** Workflow id of a case (`case-${caseNo}`); the only case identifier the API accepts. */
export const caseIdSchema = z
  .string()
  .regex(/^case-\d{4}-\d{4,6}$/, 'must be a case id such as case-2026-0001')
  .meta({ example: 'case-2026-0001' });

/**
 * `POST /cases` body: the workflow's start input without `openedBy` (the token's subject) and
 * `requestKey` (the Idempotency-Key header), so neither can be forged in the body. The policy version
 * defaults to the configured one.
 */
export const createCaseBodySchema = caseStartSchema
  .omit({ openedBy: true, requestKey: true })
  .extend({ policyVersion: caseStartSchema.shape.policyVersion.optional() })
  .strict()
  .meta({
    example: {
      caseNo: '2026-0001',
      kind: 'violation',
      unitId: 'u-unit-a',
      jurisdictionId: 'j-county-x',
      subjectIds: ['p-0101'],
      participants: {
        caseManagementOfficerId: 'p-0010',
        caseOfficerId: 'p-0011',
        leaderInChargeId: 'p-0003',
        principalLeaderId: 'p-0001',
        higherCommissionLeaderId: 'p-0201',
        higherCommissionCaseManagementId: 'p-0202',
        trialReviewerIds: ['p-0021', 'p-0022'],
        standingCommitteeIds: ['p-0001', 'p-0003', 'p-0004'],
        appealHandlerId: 'p-0030',
      },
    },
  });
export type CreateCaseBody = z.infer<typeof createCaseBodySchema>;

export const caseCreatedSchema = z
  .object({
    caseId: caseIdSchema,
    caseNo: z.string(),
    workflowId: z.string(),
    runId: z.string(),
    status: z.literal('OPEN'),
  })
  .strict();
export type CaseCreated = z.infer<typeof caseCreatedSchema>;

/** A case as lists and supervisors see it: metadata only, no decisions, comments or people. */
export const caseSummarySchema = z
  .object({
    caseId: z.string(),
    caseNo: z.string(),
    kind: z.enum(['violation', 'accountabilityOnly']),
    unitId: z.string(),
    jurisdictionId: z.string(),
    stage: z.string(),
    status: z.enum(['OPEN', 'CLOSED']),
    policyVersion: z.string(),
    openedAt: z.string(),
    deadlineAt: z.string().nullable(),
    overdue: z.boolean(),
    escalationLevel: z.number().int(),
    lastActivityAt: z.string(),
    closedAt: z.string().nullable(),
  })
  .strict()
  .meta({ id: 'CaseSummary' });
export type CaseSummary = z.infer<typeof caseSummarySchema>;

export const caseListQuerySchema = z
  .object({
    cursor: safeText(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    stage: safeText(40).min(1).optional(),
    status: z.enum(['OPEN', 'CLOSED']).optional(),
    unit: safeText(64).min(1).optional(),
  })
  .strict();
export type CaseListQuery = z.infer<typeof caseListQuerySchema>;

export const caseListSchema = z
  .object({
    items: z.array(caseSummarySchema),
    /** Absent on the last page. */
    nextCursor: z.string().optional(),
  })
  .strict();
export type CaseList = z.infer<typeof caseListSchema>;

export const timelineEntrySchema = z
  .object({
    at: z.string(),
    stage: z.string(),
    action: z.string(),
    actorId: z.string().nullable(),
    outcome: z.string().optional(),
    comment: z.string().optional(),
    basis: z
      .array(z.object({ regulation: z.string(), revision: z.string().optional(), article: z.string() }))
      .optional(),
  })
  .meta({ id: 'TimelineEntry' });

export const openTaskSchema = z
  .object({
    taskId: z.string(),
    workflowId: z.string(),
    stage: z.string(),
    kind: z.string(),
    title: z.string(),
    assigneeId: z.string(),
    allowedOutcomes: z.array(z.string()),
    version: z.number().int(),
    dueAt: z.string(),
    dueProvisional: z.boolean(),
    warningLevel: z.string(),
    escalationLevel: z.number().int(),
    suspended: z.boolean(),
  })
  .meta({ id: 'OpenTask' });
export type OpenTask = z.infer<typeof openTaskSchema>;

export const caseChildSchema = z
  .object({
    role: z.enum(['violation', 'traceBack']),
    workflowId: z.string(),
    status: z.enum(['RUNNING', 'CONCLUDED']),
    stage: z.string().nullable(),
    deadlineAt: z.string().nullable(),
    overdue: z.boolean(),
  })
  .meta({ id: 'CaseChild' });

/**
 * `GET /cases/{id}`: the live state from the workflows. `view: metadata` is what a supervisor who takes
 * no part in the case sees (DOMAIN §8): no tasks, no timeline, no people.
 */
export const caseDetailSchema = z.object({
  view: z.enum(['full', 'metadata']),
  case: caseSummarySchema,
  children: z.array(caseChildSchema),
  openTasks: z.array(openTaskSchema).optional(),
  timeline: z.array(timelineEntrySchema).optional(),
  dualInvestigation: z
    .object({
      suggested: z.boolean(),
      reasons: z.array(z.string()),
      decision: z.enum(['TRIGGER', 'DECLINE']).nullable(),
    })
    .optional(),
  /** Names of the people in the tasks and timeline; full view only. */
  people: peopleMapSchema.optional(),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

export const conflictBodySchema = conflictDeclarationSchema
  .omit({ actorId: true })
  .strict()
  .meta({
    example: { personId: 'p-0003', ground: 'RELATIVE', reason: 'spouse of the subject' },
  });
export const appealBodySchema = appealRegistrationSchema
  .omit({ actorId: true })
  .strict()
  .meta({
    example: { reason: 'the sanction ignores a mitigating circumstance', filedOn: '2026-05-04' },
  });
export const dualInvestigationBodySchema = dualInvestigationDecisionSchema
  .omit({ actorId: true })
  .strict()
  .meta({
    example: { decision: 'TRIGGER', reason: 'three persons in the unit investigated within two years' },
  });

/** `conflicts` counts the registry; the request itself waits on `recusalTaskId` for leadership's decision. */
export const conflictResultSchema = z.object({
  conflicts: z.number().int(),
  recusalTaskId: z.string().optional(),
});
export const dualInvestigationResultSchema = z.object({ decision: z.string() });
export type ConflictBody = z.infer<typeof conflictBodySchema>;
export type AppealBody = z.infer<typeof appealBodySchema>;
export type DualInvestigationBody = z.infer<typeof dualInvestigationBodySchema>;
