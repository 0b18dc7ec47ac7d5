import { defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import { personId } from './ids';
import { MEASURE_KINDS, type MeasureKind } from '@shuangcha/domain/case';
import type { LimitUnit } from '@shuangcha/domain/policy';
import { safeText } from './safe-text';

/**
 * An investigative measure (审查调查措施) a team member logs on the case (DOMAIN §2, WR art. 40). A measure the
 * rules put under approval opens an approval task and is taken on the day it is approved; any other is logged
 * as taken on `takenOn`.
 */
export const measureLogSchema = z
  .object({
    actorId: personId,
    kind: z.enum(MEASURE_KINDS),
    /** What the measure is for and whom or what it concerns, as the case file records it. */
    purpose: safeText(2000).min(1),
    /** The day the measure was taken, when it is logged later; not for a measure that needs approval. Default: today. */
    takenOn: z.iso.date().optional(),
  })
  .strict();
export type MeasureLogInput = z.infer<typeof measureLogSchema>;

export type MeasureStatus = 'PENDING_APPROVAL' | 'RECORDED' | 'REFUSED';

export interface MeasureLogResult {
  measureId: string;
  status: MeasureStatus;
  /** The approval task a measure under approval opened. */
  approvalTaskId?: string;
}

/** A measure as the read model keeps it (`investigative_measures`). */
export interface MeasureProjection {
  /** `<workflowId>:measure-<n>`: deterministic, so a retried write finds its row. */
  measureId: string;
  caseId: string;
  workflowId: string;
  stage: string;
  kind: MeasureKind;
  purpose: string;
  loggedBy: string;
  loggedAt: string;
  status: MeasureStatus;
  /** The day it was taken (the approval's day for a measure under approval); null until approved. */
  takenOn: string | null;
  approvalTaskId: string | null;
  /** Who approved or refused it, in route order. */
  approverIds: string[];
  refusal: string | null;
  limit: { amount: number; unit: LimitUnit } | null;
  /** The last day it may last, counted on the case's calendar from `takenOn`; null without a limit. */
  dueOn: string | null;
  projectionVersion: number;
}

export const logInvestigativeMeasure = defineUpdate<MeasureLogResult, [MeasureLogInput]>('logInvestigativeMeasure');
