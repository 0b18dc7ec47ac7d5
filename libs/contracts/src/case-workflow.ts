import { defineSignal, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import { personId, orgId, localDate } from './ids';
import { safeText } from './safe-text';
import { taskRequest, versionedTaskAction } from './task-action';

export const basisArticleSchema = z
  .object({
    regulation: safeText(120).min(1),
    revision: safeText(20).optional(),
    article: safeText(40).min(1),
  })
  .strict();

/**
 * Who acts in a case. Ids only: names stay in the org model, never in workflow input, memo or search
 * attributes, which anyone with Temporal access can read.
 */
export const participantsSchema = z
  .object({
    caseManagementOfficerId: personId,
    caseOfficerId: personId,
    /** 分管领导 */
    leaderInChargeId: personId,
    principalLeaderId: personId,
    /** Fallback approvers, in order, when an approver is recused (deputy → principal → higher commission). */
    deputyLeaderIds: z.array(personId).max(10).default([]),
    higherCommissionLeaderId: personId,
    higherCommissionCaseManagementId: personId,
    trialReviewerIds: z.array(personId).min(2, 'a trial review needs at least two reviewers (WR art. 55)').max(10),
    /**
     * 审理室主任, who signs off the reviewers' opinion (WR art. 55); the org-model proposal names the holder of
     * the post. Without it the first trial reviewer signs off, the place the proposal gives the director.
     */
    trialOfficeDirectorId: personId.optional(),
    standingCommitteeIds: z.array(personId).min(3).max(25),
    appealHandlerId: personId,
    /** 党委书记: approves filing against a cadre the same-level committee manages (DOMAIN §2). */
    partyCommitteePrincipalLeaderId: personId.optional(),
    /** The person each assignee answers to, for the second escalation step. */
    superiorOf: z.record(personId, personId).default({}),
  })
  .strict();
export type Participants = z.infer<typeof participantsSchema>;

export const triggerIndicatorsSchema = z
  .object({
    expectedSanctionAtLeastProbation: z.boolean().default(false),
    crimeSuspected: z.boolean().default(false),
    subjectIsTeamMember: z.boolean().default(false),
    personsInvestigatedInUnit: z.number().int().min(0).max(1000).default(0),
    misconductMonths: z.number().int().min(0).max(600).default(0),
    ignoredComplaints: z.number().int().min(0).max(1000).default(0),
    inspectionFindingsUnrectified: z.boolean().default(false),
  })
  .strict();

/** Indicators of a case nobody assessed yet: its own findings decide its trace-back. */
export const UNASSESSED_INDICATORS: Readonly<z.infer<typeof triggerIndicatorsSchema>> = {
  expectedSanctionAtLeastProbation: false,
  crimeSuspected: false,
  subjectIsTeamMember: false,
  personsInvestigatedInUnit: 0,
  misconductMonths: 0,
  ignoredComplaints: 0,
  inspectionFindingsUnrectified: false,
};

export const caseStartSchema = z
  .object({
    caseNo: z.string().regex(/^\d{4}-\d{4,6}$/, 'must look like 2026-0001'),
    kind: z.enum(['violation', 'accountabilityOnly']),
    unitId: orgId,
    jurisdictionId: orgId,
    subjectIds: z.array(personId).min(1).max(50),
    /**
     * Opaque reference to the restricted complainant record; never the identity itself (it is workflow input,
     * so Temporal keeps it in the history).
     */
    complainantRef: z
      .string()
      .regex(/^c-[0-9a-z-]{2,40}$/, 'must be an opaque complainant reference such as c-2026-0042')
      .optional(),
    domains: z.array(safeText(40).min(1)).max(20).default([]),
    misconductIntervals: z
      .array(
        z
          .object({ from: localDate, to: localDate })
          .strict()
          // A reversed period would give every trace-back candidate a negative overlap.
          .refine((i) => i.from <= i.to, { path: ['to'], message: 'must not be before from' }),
      )
      .max(20)
      .default([]),
    policyVersion: safeText(40).min(1),
    /**
     * The subject is a cadre the same-level party committee manages: lead disposal goes to the principal
     * leader, filing then to the committee's principal leader (DOMAIN §2).
     */
    subjectManagedBySameLevelCommittee: z.boolean().default(false),
    /** The day the lead was received (线索受理日期), when the case is registered later; not in the future. Default: today. */
    leadReceivedOn: localDate.optional(),
    participants: participantsSchema,
    indicators: triggerIndicatorsSchema.default(() => ({ ...UNASSESSED_INDICATORS })),
    openedBy: personId,
    /** Idempotency-Key of the request that opened the case; kept in the memo to recognise a retry. */
    requestKey: z.string().min(8).max(128),
  })
  .strict();
export type CaseStartInput = z.infer<typeof caseStartSchema>;

export const decisionSchema = z
  .object({
    ...versionedTaskAction,
    outcome: safeText(40).min(1),
    comment: safeText(4000).default(''),
    basis: z.array(basisArticleSchema).max(20).default([]),
    /** Only for RETURN outcomes and dissenting votes: why. */
    reason: safeText(4000).optional(),
    /**
     * The day the decision was taken, when it is recorded later (date of record): not after today, not
     * before the previous step; the next step's time limit counts from it. Default: today.
     */
    decidedOn: localDate.optional(),
    /**
     * The team (核查组/审查调查组) of the stage this proposal opens, preliminary verification or investigation:
     * at least two people, none of them recused or a subject (DOMAIN §2). Only on such a proposal.
     */
    teamIds: z.array(personId).min(1).max(20).optional(),
  })
  .strict();
export type DecisionInput = z.infer<typeof decisionSchema>;

export const extensionRequestSchema = z.object({ ...taskRequest, reason: safeText(4000).min(1) }).strict();
export type ExtensionRequestInput = z.infer<typeof extensionRequestSchema>;

export const reassignSchema = z
  .object({
    ...taskRequest,
    newAssigneeId: personId,
    reason: safeText(4000).min(1),
    /**
     * Set only by the gateway, from the org model: the actor sits in the case-management office (案件监督管理室)
     * of the case's jurisdiction, which supervises its deadlines (DOMAIN §1, §7) though the case names only
     * one of its officers. Never part of the HTTP body.
     */
    actorAuthority: z.enum(['caseManagementOffice']).optional(),
  })
  .strict();
export type ReassignInput = z.infer<typeof reassignSchema>;

export const suspensionRequestSchema = z.object({ ...taskRequest, reason: safeText(4000).min(1) }).strict();
export type SuspensionRequestInput = z.infer<typeof suspensionRequestSchema>;

export const conflictDeclarationSchema = z
  .object({
    actorId: personId,
    personId,
    ground: z.enum(['RELATIVE', 'WITNESS', 'INTEREST', 'FORMER_SUBORDINATE', 'OTHER']),
    reason: safeText(4000).min(1),
  })
  .strict();
export type ConflictDeclarationInput = z.infer<typeof conflictDeclarationSchema>;

/** The leader in charge names who takes over a single-holder role after its holder was recused (DOMAIN §5). */
export const replacementSchema = z
  .object({
    ...versionedTaskAction,
    replacementId: personId,
    comment: safeText(4000).default(''),
  })
  .strict();
export type ReplacementInput = z.infer<typeof replacementSchema>;

export const appealRegistrationSchema = z
  .object({
    actorId: personId,
    reason: safeText(4000).min(1),
    filedOn: localDate,
    /**
     * Which sanction the appeal is against when the case decided both: a government sanction goes to
     * re-examination then review (复审、复核), a party sanction to the party appeal. Default: the party
     * sanction if there is one.
     */
    against: z.enum(['partySanction', 'governmentSanction']).optional(),
  })
  .strict();
export type AppealRegistrationInput = z.infer<typeof appealRegistrationSchema>;

export const dualInvestigationDecisionSchema = z
  .object({ actorId: personId, decision: z.enum(['TRIGGER', 'DECLINE']), reason: safeText(4000).min(1) })
  .strict();
export type DualInvestigationDecisionInput = z.infer<typeof dualInvestigationDecisionSchema>;

export const yearScheduleSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    holidays: z.array(localDate).max(60),
    makeUpWorkdays: z.array(localDate).max(20),
    source: safeText(200).min(1),
  })
  .strict();

export interface DecisionResult {
  taskId: string;
  outcome: string;
  stage: string;
}

export interface TaskActionResult {
  taskId: string;
  version: number;
  /** The approval task created for extension or suspension requests, if any. */
  approvalTaskId?: string;
}

export const submitDecision = defineUpdate<DecisionResult, [DecisionInput]>('submitDecision');
export const requestExtension = defineUpdate<TaskActionResult, [ExtensionRequestInput]>('requestExtension');
export const reassignTask = defineUpdate<TaskActionResult, [ReassignInput]>('reassignTask');
export const requestClockSuspension = defineUpdate<TaskActionResult, [SuspensionRequestInput]>(
  'requestClockSuspension',
);
export const resumeClock = defineUpdate<TaskActionResult, [SuspensionRequestInput]>('resumeClock');
/**
 * A recusal request (回避申请): it enters the conflict registry only when the case's leadership decides RECUSE
 * on the task it opens (`recusalTaskId`); `conflicts` counts the registry as it stands.
 */
export const declareConflict = defineUpdate<{ conflicts: number; recusalTaskId?: string }, [ConflictDeclarationInput]>(
  'declareConflict',
);
export const nameReplacement = defineUpdate<DecisionResult, [ReplacementInput]>('nameReplacement');
export const registerAppeal = defineUpdate<TaskActionResult, [AppealRegistrationInput]>('registerAppeal');
/**
 * `decision` is `TRIGGER_REQUESTED` when the leader in charge asked for the trace-back: it opens only when the
 * principal leader approves the task `approvalTaskId` (AR art. 9).
 */
export const decideDualInvestigation = defineUpdate<
  { decision: string; approvalTaskId?: string },
  [DualInvestigationDecisionInput]
>('decideDualInvestigation');
/** A new year's holiday schedule was imported; open cases with provisional due dates recompute them. */
export const calendarUpdated = defineSignal<[z.infer<typeof yearScheduleSchema>]>('calendarUpdated');
