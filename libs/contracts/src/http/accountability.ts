import { z } from 'zod';
import { peopleMapSchema } from './people';
import type { AccountabilitySummary } from '@shuangcha/domain/accountability';
import { appealRegistrationSchema } from '../case-workflow';
import {
  accountabilityDecisionSchema,
  candidateAdditionFieldsSchema,
  candidateRemovalSchema,
  findingsSchema,
  namesOneTarget,
  ONE_TARGET_MESSAGE,
  type AccountabilityState,
} from '../accountability';

/**
 * `PUT /org` body: the whole org model as `GET /org` exports it. Only "a JSON object" is checked here: the
 * model's own rules (shape, references, overlapping tenures, cycles) report every bad row at once as a 422
 * (ORG_INVALID), which a schema failure here would cut short.
 */
export const orgModelBodySchema = z.looseObject({}).meta({
  description:
    'The org model (units, bodies, positions, tenures, portfolios, supervisions, managedBy, meetingDecisions)',
  example: {
    asOf: '2026-01-01',
    persons: [],
    units: [],
    bodies: [],
    positions: [],
    tenures: [],
    portfolios: [],
    supervisions: [],
    managedBy: [],
    meetingDecisions: [],
  },
});
export type OrgModelBody = z.infer<typeof orgModelBodySchema>;

export const orgReplacedSchema = z.object({ counts: z.record(z.string(), z.number().int()) });
export type OrgReplaced = z.infer<typeof orgReplacedSchema>;
export const orgModelSchema = z.looseObject({ asOf: z.string() });

/** Candidate key in a path (`person-p-0036`, `org-b-health-pg`). */
export const candidateKeySchema = z
  .string()
  .regex(/^[a-z]+-[A-Za-z0-9._-]{2,76}$/, 'must be a candidate key such as person-p-0036')
  .meta({ example: 'person-p-0036' });

/** The workflow's schema minus the actor (the token's subject); the refinement is the workflow's to check. */
export const candidateAdditionBodySchema = candidateAdditionFieldsSchema
  .omit({ actorId: true })
  .refine(namesOneTarget, { message: ONE_TARGET_MESSAGE })
  .meta({
    example: {
      target: 'person',
      personId: 'p-0039',
      responsibility: 'primaryResponsibility',
      suggestedType: 'IMPORTANT_LEADERSHIP',
      reason: 'attended the 2023 procurement meeting',
    },
  });
export type CandidateAdditionBody = z.infer<typeof candidateAdditionBodySchema>;
export const candidateAddedSchema = z.object({ candidateKey: z.string(), candidates: z.number().int() });

export const candidateRemovalBodySchema = candidateRemovalSchema
  .omit({ actorId: true, candidateKey: true })
  .strict()
  .meta({ example: { reason: 'the meeting concerned personnel, not procurement' } });
export type CandidateRemovalBody = z.infer<typeof candidateRemovalBodySchema>;
export const candidateRemovalRequestedSchema = z.object({ candidateKey: z.string(), approvalTaskId: z.string() });

/**
 * `POST /cases/{id}/findings`: facts the violation investigation established, sent to the accountability
 * investigation (the sender is the token's subject). The trace-back re-checks its candidates against them.
 */
export const findingsBodySchema = findingsSchema
  .omit({ actorId: true })
  .strict()
  .meta({
    example: {
      misconductIntervals: [{ from: '2022-01-01', to: '2024-06-30' }],
      domains: ['procurement'],
      subjectIds: ['p-0041'],
      note: 'the investigation established the kickbacks ran 2022-01 to 2024-06',
    },
  });
export type FindingsBody = z.infer<typeof findingsBodySchema>;
/** `FORWARDED` to the running trace-back, or kept for the one still to open (`NOT_STARTED`). */
export const findingsSentSchema = z.object({ traceBack: z.enum(['FORWARDED', 'NOT_STARTED']) });

/**
 * `POST /cases/{id}/trace-back/reviews/{key}/appeals`: an appeal against an accountability decision, registered
 * by case management for the person or organization held accountable, in the review's appeal window.
 */
export const accountabilityAppealBodySchema = appealRegistrationSchema
  .omit({ actorId: true, against: true })
  .strict()
  .meta({ example: { reason: 'disputes the procurement facts the decision relies on', filedOn: '2026-05-04' } });
export type AccountabilityAppealBody = z.infer<typeof accountabilityAppealBodySchema>;

/** A decision that carries accountability measures (proposal, amended decision or appeal). */
export const accountabilityDecisionBodySchema = accountabilityDecisionSchema
  .omit({ taskId: true, actorId: true })
  .strict()
  .meta({
    example: {
      taskVersion: 1,
      outcome: 'PROPOSED',
      measures: { forms: ['CIRCULATE'], modifiers: [{ kind: 'HEAVIER', text: 'ignored two complaints' }] },
      basis: [{ regulation: 'AR', revision: '2019', article: '8' }],
    },
  });
export type AccountabilityDecisionBody = z.infer<typeof accountabilityDecisionBodySchema>;
export const accountabilityDecisionResultSchema = z.object({
  taskId: z.string(),
  outcome: z.string(),
  stage: z.string(),
  warnings: z.array(z.string()),
});

const openReviewTaskSchema = z.looseObject({
  taskId: z.string(),
  workflowId: z.string(),
  stage: z.string(),
  kind: z.string(),
  assigneeId: z.string().nullable(),
  allowedOutcomes: z.array(z.string()),
  version: z.number().int(),
});

const localDateSchema = z.iso.date();

/**
 * The running trace-back's candidates over the org chart: the misconduct periods, the posts each candidate
 * person held during them (whole terms, for the tenure bar) and the bodies of those posts and of the candidate
 * organizations, named. Absent once the trace-back concluded (the summary stands then).
 */
export const candidateOrgChartSchema = z
  .object({
    misconductIntervals: z.array(z.object({ from: localDateSchema, to: localDateSchema })),
    bodies: z.array(
      z.object({
        bodyId: z.string(),
        bodyName: z.string().nullable(),
        kind: z.string(),
        unitId: z.string(),
        unitName: z.string().nullable(),
      }),
    ),
    tenures: z.array(
      z.object({
        personId: z.string(),
        bodyId: z.string(),
        positionId: z.string(),
        title: z.string().nullable(),
        from: localDateSchema,
        to: localDateSchema.nullable(),
        acting: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'CandidateOrgChart' });
export type CandidateOrgChartView = z.infer<typeof candidateOrgChartSchema>;

/**
 * `GET /cases/{id}/accountability`: the stored summary once the trace-back concluded, and while it runs the
 * live candidate list, reviews and the open tasks of the trace-back and of every review (ids only).
 */
export const accountabilityViewSchema = z.object({
  caseId: z.string(),
  traceBack: z.enum(['NOT_STARTED', 'RUNNING', 'CONCLUDED']),
  summary: z.looseObject({}).nullable(),
  live: z
    .looseObject({
      stage: z.string(),
      candidates: z.array(z.looseObject({ candidateKey: z.string() })),
      reviews: z.array(z.looseObject({ candidateKey: z.string(), stage: z.string(), final: z.boolean() })),
      pendingRemovals: z.array(z.looseObject({ candidateKey: z.string(), taskId: z.string() })),
    })
    .nullable(),
  openTasks: z.array(openReviewTaskSchema),
  orgChart: candidateOrgChartSchema.nullable().optional(),
  /** Names of the candidates, assignees and deciders the view carries. */
  people: peopleMapSchema.optional(),
});
/** The schema documents the outline; the handler returns the workflow's own types. */
export type AccountabilityView = Omit<z.infer<typeof accountabilityViewSchema>, 'summary' | 'live'> & {
  summary: AccountabilitySummary | null;
  live: AccountabilityState | null;
};
