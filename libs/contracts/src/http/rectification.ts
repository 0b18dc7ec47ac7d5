import { z } from 'zod';
import { safeText } from '../safe-text';
import { peopleMapSchema } from './people';
import { RECTIFICATION_ITEM_STATES } from '@shuangcha/domain/rectification';
import {
  LIST_NO_PATTERN,
  progressReportSchema,
  rectificationFindingsSchema,
  rectificationRecheckSchema,
  rectificationListRequestSchema,
  rectificationSubmissionSchema,
  RECTIFICATION_SOURCES,
} from '../rectification';

/**
 * HTTP shapes of 整改 (DOMAIN §6). Ids and states only in the views: problem and measure texts stay in the
 * workflow and the read model, so the list and the supervision view are the same for every reader.
 */
export const rectificationListIdSchema = z
  .string()
  .regex(
    new RegExp(`^rectification-${LIST_NO_PATTERN.source.slice(1, -1)}$`),
    'must be a list id such as rectification-2026-R001',
  )
  .meta({ example: 'rectification-2026-R001' });

export const rectificationItemKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,40}$/, 'must be an item key such as R1')
  .meta({ example: 'R1' });

/**
 * Create or import: the envelope is checked here (400 with errors[]); the rows are checked all at once by
 * the service against the org model, so a file with bad rows gets every row error in one 422. The opener
 * is the token's subject and the Idempotency-Key the request key.
 */
export const createRectificationListBodySchema = rectificationListRequestSchema
  .omit({ openedBy: true, requestKey: true })
  .strict()
  .meta({
    example: {
      listNo: '2026-R001',
      source: 'INSPECTION_FEEDBACK',
      supervisingBodyId: 'u-city-committee',
      policyVersion: 'dom-2026.1',
      participants: {
        verifierIds: ['p-0006', 'p-0007'],
        caseManagementOfficerId: 'p-0007',
        leaderInChargeId: 'p-0003',
        higherCommissionCaseManagementId: 'p-0031',
        superiorOf: { 'p-0015': 'p-0013' },
      },
      items: [
        {
          itemKey: 'R1',
          problem: 'procurement rules not updated since 2019',
          measure: 'adopt revised procurement rules',
          responsiblePersonId: 'p-0015',
          responsibleUnitId: 'u-city-housing',
          dueDate: '2026-12-31',
          evidenceRequirements: [{ kind: 'REGULATION', description: 'the adopted rules' }],
        },
      ],
    },
  });
export type CreateRectificationListBody = z.infer<typeof createRectificationListBodySchema>;

export const rectificationListCreatedSchema = z.object({ listId: z.string(), created: z.boolean() }).strict();
export type RectificationListCreatedView = z.infer<typeof rectificationListCreatedSchema>;

export const progressReportBodySchema = progressReportSchema
  .omit({ actorId: true })
  .strict()
  .meta({
    example: {
      summary: 'draft rules circulated for comment',
      attachments: [{ id: 'doc-draft-1', sha256: 'a'.repeat(64), kind: 'DOCUMENT' }],
    },
  });
export type ProgressReportBody = z.infer<typeof progressReportBodySchema>;

export const submissionBodySchema = rectificationSubmissionSchema
  .omit({ actorId: true })
  .strict()
  .meta({
    example: {
      summary: 'rules adopted by the party group',
      evidence: [{ id: 'doc-rules-2026', sha256: 'b'.repeat(64), kind: 'REGULATION' }],
    },
  });
export type SubmissionBody = z.infer<typeof submissionBodySchema>;

export const rectificationItemResultSchema = z
  .object({ itemKey: z.string(), state: z.enum(RECTIFICATION_ITEM_STATES), version: z.number().int() })
  .strict();

const completionSchema = z
  .object({
    total: z.number().int(),
    signedOff: z.number().int(),
    /** Signed-off share, 0..1 with four decimals. */
    completionRate: z.number(),
    complete: z.boolean(),
  })
  .strict();

export const rectificationItemRowSchema = z
  .object({
    itemKey: z.string(),
    responsiblePersonId: z.string(),
    responsibleUnitId: z.string(),
    state: z.enum(RECTIFICATION_ITEM_STATES),
    dueAt: z.string(),
    submittedAt: z.string().nullable(),
    signedOffAt: z.string().nullable(),
    reopenCount: z.number().int(),
    flaggedToSupervisors: z.boolean(),
    escalationLevel: z.number().int(),
    overdue: z.boolean(),
    /** Days past due in the list's case time; a started day counts (DOMAIN §6 OVERDUE is derived). */
    daysOverdue: z.number().int(),
  })
  .strict()
  .meta({ id: 'RectificationItemRow' });
export type RectificationItemRowView = z.infer<typeof rectificationItemRowSchema>;

export const rectificationListDetailSchema = z
  .object({
    listId: z.string(),
    listNo: z.string(),
    source: z.enum(RECTIFICATION_SOURCES),
    sourceCaseId: z.string().nullable(),
    supervisingBodyId: z.string(),
    status: z.enum(['OPEN', 'COMPLETED']),
    openedAt: z.string(),
    completedAt: z.string().nullable(),
    completion: completionSchema,
    items: z.array(rectificationItemRowSchema),
    /** 整改复查: when the re-check falls due after completion, its open task, and what earlier ones decided. */
    recheck: z
      .object({
        round: z.number().int(),
        dueAt: z.string().nullable(),
        taskId: z.string().nullable(),
        decisions: z.array(
          z.object({
            at: z.string(),
            actorId: z.string(),
            outcome: z.string(),
            reopened: z.array(z.string()),
            comment: z.string(),
          }),
        ),
      })
      .optional(),
    /** Names of the responsible persons; for those who work or verify the list, not for supervisors. */
    people: peopleMapSchema.optional(),
  })
  .strict();
export type RectificationListDetail = z.infer<typeof rectificationListDetailSchema>;

const unitFilter = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a unit id such as u-city-housing')
  .optional();

export const rectificationSupervisionQuerySchema = z
  .object({
    unit: unitFilter,
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: safeText(400).optional(),
  })
  .strict();
export type RectificationSupervisionQuery = z.infer<typeof rectificationSupervisionQuerySchema>;
export const rectificationSupervisionExportQuerySchema = rectificationSupervisionQuerySchema
  .omit({ limit: true, cursor: true })
  .strict();
export type RectificationSupervisionExportQuery = z.infer<typeof rectificationSupervisionExportQuerySchema>;

export const rectificationSupervisionItemSchema = rectificationItemRowSchema
  .extend({ listId: z.string() })
  .strict()
  .meta({ id: 'RectificationSupervisionItem' });
export type RectificationSupervisionItem = z.infer<typeof rectificationSupervisionItemSchema>;

export const rectificationSupervisionSchema = z
  .object({
    /** Overdue items, earliest due first; `nextCursor` pages this list and is absent on the last page. */
    overdue: z.array(rectificationSupervisionItemSchema),
    nextCursor: z.string().optional(),
    /** Items reopened at least once, most reopened first; twice or more are flagged to supervisors. */
    reopened: z.array(rectificationSupervisionItemSchema),
    completionByUnit: z.array(
      z
        .object({
          unitId: z.string(),
          total: z.number().int(),
          signedOff: z.number().int(),
          completionRate: z.number(),
        })
        .strict(),
    ),
  })
  .strict();
export type RectificationSupervisionView = z.infer<typeof rectificationSupervisionSchema>;

/** `POST /cases/{id}/rectification-findings`: the problems a case found; its closing opens the list from them. */
export const rectificationFindingsBodySchema = rectificationFindingsSchema
  .omit({ actorId: true })
  .strict()
  .meta({
    example: {
      items: [
        {
          itemKey: 'P1',
          problem: 'procurement contracts signed without a second check',
          measure: 'adopt two-person approval of procurement contracts',
          responsiblePersonId: 'p-0013',
          responsibleUnitId: 'u-city-housing',
          dueDate: '2027-03-31',
          evidenceRequirements: [{ kind: 'REGULATION', description: 'the adopted rules' }],
        },
      ],
    },
  });
export type RectificationFindingsBody = z.infer<typeof rectificationFindingsBodySchema>;
export const rectificationFindingsResultSchema = z.object({ items: z.number().int() });

/** `POST /rectification/lists/{id}/recheck`: the re-check task's answer; REOPEN names items and new due dates. */
export const rectificationRecheckBodySchema = rectificationRecheckSchema
  .omit({ actorId: true })
  .strict()
  .meta({
    example: {
      taskId: 't-0c3e…',
      taskVersion: 1,
      outcome: 'REOPEN',
      reopen: [{ itemKey: 'R1', dueDate: '2027-09-30' }],
      comment: 'the adopted rules are not applied',
    },
  });
export type RectificationRecheckBody = z.infer<typeof rectificationRecheckBodySchema>;
export const rectificationRecheckResultSchema = z.object({
  taskId: z.string(),
  outcome: z.string(),
  reopened: z.array(z.string()),
});
