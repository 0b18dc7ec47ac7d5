import { z } from 'zod';
import { safeText } from '../safe-text';
import { clockKindSchema } from './calendar';

/**
 * Supervision views (督办, case-management office): metadata only, scoped to the caller's jurisdictions.
 * No names, comments or decisions: ids, stages, deadlines and escalation levels (DOMAIN §8).
 */
const stageFilter = z
  .string()
  .regex(/^[A-Za-z]{1,40}$/, 'must be a stage name such as trialReview')
  .optional();
const unitFilter = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a unit id such as u-unit-a')
  .optional();
/** At least this escalation level: 0 the assignee's reminder … 4 the higher commission's case management (DOMAIN §7). */
const levelFilter = z.coerce.number().int().min(0).max(9).optional();
const cursor = safeText(400).optional();
const limit = z.coerce.number().int().min(1).max(200).default(50);

export const stalledQuerySchema = z
  .object({
    /** Working days without audited activity; defaults to the policy's `stall.idleWd` (DOMAIN §7). */
    idleWd: z.coerce.number().int().min(1).max(250).optional(),
    stage: stageFilter,
    unit: unitFilter,
    minLevel: levelFilter,
    limit,
    cursor,
  })
  .strict();
export type StalledQuery = z.infer<typeof stalledQuerySchema>;
export const stalledExportQuerySchema = stalledQuerySchema.omit({ limit: true, cursor: true }).strict();
export type StalledExportQuery = z.infer<typeof stalledExportQuerySchema>;

export const overdueQuerySchema = z
  .object({ stage: stageFilter, unit: unitFilter, minLevel: levelFilter, limit, cursor })
  .strict();
export type OverdueQuery = z.infer<typeof overdueQuerySchema>;
export const overdueExportQuerySchema = overdueQuerySchema.omit({ limit: true, cursor: true }).strict();
export type OverdueExportQuery = z.infer<typeof overdueExportQuerySchema>;

/** Longest range one stats request may span: ten years of days keeps the aggregate queries bounded. */
export const STATS_MAX_DAYS = 3660;
const DAY_MS = 86_400_000;

/** Local dates in Asia/Shanghai, both inclusive. */
export const statsQuerySchema = z
  .object({
    from: z.iso.date().meta({ example: '2026-01-01' }),
    to: z.iso.date().meta({ example: '2026-03-31' }),
  })
  .strict()
  .superRefine((q, ctx) => {
    const days = (Date.parse(q.to) - Date.parse(q.from)) / DAY_MS;
    if (days < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    else if (days >= STATS_MAX_DAYS)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `the range may span at most ${STATS_MAX_DAYS} days` });
  });
export type StatsQuery = z.infer<typeof statsQuerySchema>;

export const stalledCaseSchema = z
  .object({
    caseId: z.string(),
    caseNo: z.string(),
    unitId: z.string(),
    jurisdictionId: z.string(),
    stage: z.string(),
    deadlineAt: z.string().nullable(),
    overdue: z.boolean(),
    escalationLevel: z.number().int(),
    lastActivityAt: z.string(),
    /** Working days since the last audited activity, counted on the holiday calendar and the case's clock. */
    idleWorkingDays: z.number().int(),
    /** The case's own policy: its stall thresholds and its clock decide whether it is stalled. */
    policyVersion: z.string(),
    clock: clockKindSchema,
    /** DOMAIN §7: idle too long, an approval pending too long, a stage overdue; at least one. */
    reasons: z.array(z.enum(['IDLE', 'APPROVAL_PENDING', 'OVERDUE'])),
    /** What the case waits on now: a person's own step, an approval, or a body outside the commission. */
    waitingOn: z.enum(['PERSON', 'APPROVAL', 'EXTERNAL_BODY']).nullable(),
    /** Who holds the task the case waits on (an id; names come from the people directory). */
    waitingOnAssigneeId: z.string().nullable(),
    /** Since when that task has been open, on `clock`. */
    waitingSince: z.string().nullable(),
  })
  .strict()
  .meta({ id: 'StalledCase' });
export type StalledCaseView = z.infer<typeof stalledCaseSchema>;

export const stalledListSchema = z
  .object({
    /** Cases idle since before this instant are listed (the start of the `idleWd`-th working day back). */
    idleSince: z.string(),
    idleWd: z.number().int(),
    items: z.array(stalledCaseSchema),
    /** Absent on the last page. */
    nextCursor: z.string().optional(),
  })
  .strict();
export type StalledList = z.infer<typeof stalledListSchema>;

export const overdueTaskSchema = z
  .object({
    taskId: z.string(),
    caseId: z.string(),
    caseNo: z.string(),
    unitId: z.string(),
    stage: z.string(),
    assigneeId: z.string(),
    dueAt: z.string(),
    escalationLevel: z.number().int(),
    daysOverdue: z.number().int(),
  })
  .strict()
  .meta({ id: 'OverdueTask' });
export type OverdueTaskView = z.infer<typeof overdueTaskSchema>;

export const overdueListSchema = z
  .object({ items: z.array(overdueTaskSchema), nextCursor: z.string().optional() })
  .strict();
export type OverdueList = z.infer<typeof overdueListSchema>;

export const supervisionStatsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    casesPerStage: z.array(z.object({ stage: z.string(), count: z.number().int() }).strict()),
    stageDurations: z.array(
      z.object({ stage: z.string(), count: z.number().int(), medianHours: z.number(), p90Hours: z.number() }).strict(),
    ),
    overdueRate: z.object({ decided: z.number().int(), decidedLate: z.number().int(), rate: z.number() }).strict(),
    escalationsByUnit: z.array(z.object({ unitId: z.string(), escalations: z.number().int() }).strict()),
    /** Escalations (not reminders) by the level they reached: 1 superior … 4 higher commission's case management. */
    escalationsByLevel: z.array(z.object({ level: z.number().int(), escalations: z.number().int() }).strict()),
    /** Decided tasks and those decided after their due date, per unit and Shanghai month of the decision. */
    overdueRateByUnit: z.array(
      z
        .object({
          month: z.string().meta({ example: '2026-11' }),
          unitId: z.string(),
          decided: z.number().int(),
          decidedLate: z.number().int(),
          rate: z.number(),
        })
        .strict(),
    ),
  })
  .strict();
export type SupervisionStatsView = z.infer<typeof supervisionStatsSchema>;
