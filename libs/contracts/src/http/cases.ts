import { z } from 'zod';
import { clockKindSchema } from './calendar';
import { PROPOSED_ROLES } from '@shuangcha/domain/case';
import { safeText } from '../safe-text';
import { peopleMapSchema } from './people';
import {
  appealRegistrationSchema,
  caseStartSchema,
  participantsSchema,
  conflictDeclarationSchema,
  dualInvestigationDecisionSchema,
} from '../case-workflow';

/**
 * Workflow id of a case, the only case identifier the API accepts: `case-${jurisdictionId}-${caseNo}`, since
 * numbers count per jurisdiction; cases opened before that are `case-${caseNo}` and keep their ids.
 */
export const caseIdSchema = z
  .string()
  .max(120)
  .regex(/^case-(?:[A-Za-z0-9._-]{2,64}-)?\d{4}-\d{4,6}$/, 'must be a case id such as case-u-county-x-2026-0001')
  .meta({ example: 'case-u-county-x-2026-0001' });

/**
 * `POST /cases` body: the workflow's start input without `openedBy` (the token's subject) and
 * `requestKey` (the Idempotency-Key header), so neither can be forged in the body. The policy version
 * defaults to the configured one.
 */
export const createCaseBodySchema = caseStartSchema
  .omit({ openedBy: true, requestKey: true })
  .extend({
    policyVersion: caseStartSchema.shape.policyVersion.optional(),
    /** Only to register an existing paper case under its number; otherwise the server allocates the next one. */
    caseNo: caseStartSchema.shape.caseNo.optional(),
    /** Without participants the org model proposes them (`GET /cases/participant-proposal`). */
    participants: caseStartSchema.shape.participants.optional(),
    /** With the proposal: the investigator, required when the commission has several. */
    caseOfficerId: participantsSchema.shape.caseOfficerId.optional(),
  })
  .strict()
  .meta({
    example: {
      kind: 'violation',
      unitId: 'u-county-health',
      jurisdictionId: 'u-county-committee',
      subjectIds: ['p-0041'],
      domains: ['procurement'],
      misconductIntervals: [{ from: '2022-01-01', to: '2024-06-30' }],
      caseOfficerId: 'p-0028',
    },
  });
export type CreateCaseBody = z.infer<typeof createCaseBodySchema>;

export const caseCreatedSchema = z
  .object({
    caseId: caseIdSchema,
    caseNo: z.string(),
    /** The commission's document number (文号), e.g. 清纪立〔2026〕123号. */
    documentNo: z.string(),
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
    /** The commission's document number (文号); null for cases opened before numbers were allocated. */
    documentNo: z.string().nullable(),
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
    /**
     * The clock of every timestamp of this case: `real`, or `case` time under a compressed policy, which runs
     * ahead of wall-clock time (issue 12 §4a).
     */
    clock: clockKindSchema,
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
    caseNo: caseStartSchema.shape.caseNo.optional(),
    documentNo: safeText(80).min(1).optional(),
    /** Part of a subject's name; matches only cases the caller sees in full (subjects are not metadata). */
    subjectName: safeText(40).min(1).optional(),
    /** Opened on or after this day (Asia/Shanghai). */
    openedFrom: z.iso.date().optional(),
    /** Opened on or before this day (Asia/Shanghai). */
    openedTo: z.iso.date().optional(),
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
    /** The day the step was taken, when it was recorded on a later day (date of record). */
    decidedOn: z.string().optional(),
    /** A collective decision's dissent: who voted otherwise (`people` names them), with their reasons. */
    dissent: z.array(z.object({ personId: z.string(), outcome: z.string(), reason: z.string().optional() })).optional(),
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
    /** The person the task is about (whose recusal, replacement or past actions); `people` names them. */
    concernsPersonId: z.string().nullable(),
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
  /** The day the lead was received (date of record); null for cases opened before it was kept. */
  leadReceivedOn: z.string().nullable(),
  children: z.array(caseChildSchema),
  openTasks: z.array(openTaskSchema).optional(),
  timeline: z.array(timelineEntrySchema).optional(),
  /**
   * The suggestion, the decision and its reason, the request to open the trace-back and a link to a filed one:
   * supervisors see these in the metadata view too (DOMAIN §3: declines are visible to supervisors).
   */
  dualInvestigation: z
    .object({
      suggested: z.boolean(),
      reasons: z.array(z.string()),
      decision: z.enum(['TRIGGER', 'DECLINE']).nullable(),
      reason: z.string().nullable(),
      opening: z
        .object({
          status: z.enum(['PENDING', 'APPROVED', 'REJECTED']),
          refusal: z.string().nullable(),
        })
        .nullable(),
      linkedCase: z.object({ caseId: z.string(), caseNo: z.string() }).nullable(),
    })
    .optional(),
  /**
   * 整改: how many problems are recorded for rectification and the problem list the case opened from them
   * when it closed (`GET /rectification/lists/{listId}`); absent for cases from before rectification from findings.
   */
  rectification: z.object({ findings: z.number().int(), listId: z.string().nullable() }).optional(),
  /**
   * Cases linked to this one, both ways (DOMAIN §4): the violation cases opened for persons found with DIRECT
   * responsibility in its reviews, or the case whose review opened this one. Full view only.
   */
  linkedCases: z
    .array(
      z.object({
        caseId: z.string(),
        caseNo: z.string().nullable(),
        relation: z.enum(['VIOLATION_CASE_OPENED', 'OPENED_FROM_REVIEW']),
        personId: z.string(),
        linkedAt: z.string(),
      }),
    )
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
/** `TRIGGER_REQUESTED`: the principal leader decides `approvalTaskId` before the trace-back opens (AR art. 9). */
export const dualInvestigationResultSchema = z.object({ decision: z.string(), approvalTaskId: z.string().optional() });
export type ConflictBody = z.infer<typeof conflictBodySchema>;
export type AppealBody = z.infer<typeof appealBodySchema>;
export type DualInvestigationBody = z.infer<typeof dualInvestigationBodySchema>;

const postBasisSchema = z
  .object({
    personId: z.string(),
    positionId: z.string(),
    bodyId: z.string(),
    positionRole: z.string(),
    title: z.string().nullable(),
    acting: z.boolean(),
    /** For display only; null when the org model has no such person. */
    displayName: z.string().nullable(),
    /** For the leader in charge: the unit their portfolio (分管) names. */
    portfolioDomain: z.string().optional(),
  })
  .strict()
  .meta({ id: 'PostBasis' });

/** `GET /cases/participant-proposal`: where the case is opened, and on which day (default today, Asia/Shanghai). */
export const participantProposalQuerySchema = z
  .object({
    unitId: z
      .string()
      .min(2)
      .max(64)
      .regex(/^[A-Za-z0-9._-]+$/),
    jurisdictionId: z
      .string()
      .min(2)
      .max(64)
      .regex(/^[A-Za-z0-9._-]+$/),
    on: z.iso.date().optional(),
    /** The subjects, comma-separated: never proposed, and read to tell a committee cadre (DOMAIN §2). */
    subjectIds: z
      .string()
      .max(2100)
      .regex(/^[a-z]-[0-9a-z-]{2,40}(,[a-z]-[0-9a-z-]{2,40}){0,49}$/, 'must be person ids separated by commas')
      .optional()
      .meta({ example: 'p-0036' }),
  })
  .strict();
export type ParticipantProposalQuery = z.infer<typeof participantProposalQuerySchema>;

/**
 * Who fills each role of a case from the posts current on the day, and why; an unfilled role carries its
 * reason and, in `persons`, whoever could fill it. The opener picks the investigator among the candidates.
 */
export const participantProposalSchema = z
  .object({
    on: z.string(),
    /** Absent when no discipline commission has the jurisdiction (then every role is unfilled). */
    commissionBodyId: z.string().optional(),
    /** Absent at the top of the hierarchy: the higher roles are then unfilled. */
    higherCommissionBodyId: z.string().optional(),
    roles: z.array(
      z
        .object({
          role: z.enum(PROPOSED_ROLES),
          persons: z.array(postBasisSchema),
          unfilledReason: z.string().nullable(),
        })
        .strict(),
    ),
    investigatorCandidates: z.array(postBasisSchema),
    /**
     * Whether a subject is a cadre the same-level party committee manages, and then that committee's
     * secretary, who approves the filing and the sanction (DOMAIN §2); false without `subjectIds`.
     */
    committeeCadre: z
      .object({
        subjectManagedBySameLevelCommittee: z.boolean(),
        partyCommitteePrincipalLeader: postBasisSchema.nullable(),
        unfilledReason: z.string().nullable(),
      })
      .strict(),
  })
  .strict();
export type ParticipantProposalView = z.infer<typeof participantProposalSchema>;
