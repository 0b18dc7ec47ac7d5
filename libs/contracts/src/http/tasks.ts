import { z } from 'zod';
import { peopleMapSchema } from './people';
import {
  decisionSchema,
  extensionRequestSchema,
  reassignSchema,
  replacementSchema,
  suspensionRequestSchema,
} from '../case-workflow';

/** Task ids are minted by the workflow: `t-<uuid>`, since issue 15 followed by `.<its workflow id>` (`taskIdFor`). */
export const taskIdSchema = z
  .string()
  .regex(/^t-[0-9a-f-]{36}(\.[A-Za-z0-9][A-Za-z0-9~_.-]{0,199})?$/, 'must be a task id such as t-0b6f…')
  .meta({ example: 't-4b1e9f3a-5c1d-4e8f-9a7b-2c3d4e5f6a7b' });

/** The decision body: the actor is the token's subject and the task comes from the path. */
export const decisionBodySchema = decisionSchema
  .omit({ taskId: true, actorId: true })
  .strict()
  .meta({
    example: {
      taskVersion: 1,
      outcome: 'APPROVE',
      comment: 'facts established',
      basis: [{ regulation: 'CPC Disciplinary Regulations', revision: '2023', article: '28' }],
    },
  });
export const extensionBodySchema = extensionRequestSchema
  .omit({ taskId: true, actorId: true })
  .strict()
  .meta({
    example: { reason: 'the subject is on a medical leave until next month' },
  });
export const reassignBodySchema = reassignSchema
  .omit({ taskId: true, actorId: true, actorAuthority: true })
  .strict()
  .meta({
    example: { newAssigneeId: 'p-0012', reason: 'the officer moved to another section' },
  });
export const suspensionBodySchema = suspensionRequestSchema
  .omit({ taskId: true, actorId: true })
  .strict()
  .meta({
    example: { reason: 'the person under investigation cannot be reached' },
  });

/** Names who takes over a recused case officer or case-management officer (a case's replacement task). */
export const replacementBodySchema = replacementSchema
  .omit({ taskId: true, actorId: true })
  .strict()
  .meta({
    example: { taskVersion: 1, replacementId: 'p-0012', comment: 'takes over the investigation' },
  });

export const decisionResultSchema = z.object({ taskId: z.string(), outcome: z.string(), stage: z.string() });
/**
 * 202: the workflow accepted the request (its checks passed and Temporal holds it) while the database was
 * away; it takes effect once the database returns. A retry with the same Idempotency-Key answers the result.
 */
export const updateAcceptedSchema = z.object({
  taskId: z.string(),
  status: z.literal('ACCEPTED'),
  detail: z.string(),
});
export type UpdateAccepted = z.infer<typeof updateAcceptedSchema>;
export const taskActionResultSchema = z.object({
  taskId: z.string(),
  version: z.number().int(),
  approvalTaskId: z.string().optional(),
});

export const inboxTaskSchema = z
  .object({
    taskId: z.string(),
    caseId: z.string(),
    workflowId: z.string(),
    stage: z.string(),
    kind: z.string(),
    title: z.string(),
    /** Who holds the task; for an escalated task, the colleague it is overdue with. */
    assigneeId: z.string(),
    /** The person the task is about (whose recusal, replacement or past actions); `people` names them. */
    concernsPersonId: z.string().nullable(),
    /** ASSIGNED: yours to decide. VOTER: a collective decision you vote on. ESCALATED: overdue with someone else and escalated to you. */
    inboxReason: z.enum(['ASSIGNED', 'VOTER', 'ESCALATED']),
    allowedOutcomes: z.array(z.string()),
    version: z.number().int(),
    createdAt: z.string(),
    dueAt: z.string(),
    dueProvisional: z.boolean(),
    warningLevel: z.string(),
    escalationLevel: z.number().int(),
    suspended: z.boolean(),
    overdue: z.boolean(),
  })
  .meta({ id: 'InboxTask' });
export type InboxTask = z.infer<typeof inboxTaskSchema>;

export const inboxQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** `nextCursor` of the previous page. */
    cursor: z.string().max(400).optional(),
  })
  .strict();
export const inboxSchema = z.object({
  items: z.array(inboxTaskSchema),
  people: peopleMapSchema.optional(),
  /** Pages the inbox; absent on the last page. */
  nextCursor: z.string().optional(),
});
export type Inbox = z.infer<typeof inboxSchema>;
export type DecisionBody = z.infer<typeof decisionBodySchema>;
export type ExtensionBody = z.infer<typeof extensionBodySchema>;
export type ReassignBody = z.infer<typeof reassignBodySchema>;
export type ReplacementBody = z.infer<typeof replacementBodySchema>;
export type SuspensionBody = z.infer<typeof suspensionBodySchema>;
export type InboxQuery = z.infer<typeof inboxQuerySchema>;
