import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { RectificationItemState } from '@shuangcha/domain/rectification';
import type { TaskProjection } from './projection';
import type { EvidenceRefInput, RectificationItemSpec, RectificationSource } from './rectification';

// ---- what the problem list's and items' workflows show ----------------------------------------------

export interface RectificationItemSummary {
  itemKey: string;
  workflowId: string;
  responsiblePersonId: string;
  responsibleUnitId: string;
  state: RectificationItemState;
  dueAt: string;
  submittedAt: string | null;
  signedOffAt: string | null;
  reopenCount: number;
  flaggedToSupervisors: boolean;
  escalationLevel: number;
  accountabilitySuggested: boolean;
  /** Grows with each change, so the list keeps the newest summary when signals race. */
  version: number;
}

export interface RectificationItemView extends RectificationItemSummary {
  listId: string;
  problem: string;
  measure: string;
  overdue: boolean;
  daysOverdue: number;
  evidenceRequirements: RectificationItemSpec['evidenceRequirements'];
  progressReports: { at: string; actorId: string; summary: string; attachments: EvidenceRefInput[] }[];
  submission: { at: string; actorId: string; summary: string; evidence: EvidenceRefInput[] } | null;
  verifications: { at: string; verifierId: string; outcome: 'PASS' | 'FAIL'; reason: string | null }[];
  tasks: Omit<TaskProjection, 'projectionVersion'>[];
}

/** What the list's live view, its read-model row and the gateway's summaries all say of a list. */
export interface RectificationListHeader {
  listId: string;
  listNo: string;
  source: RectificationSource;
  sourceCaseId: string | null;
  supervisingBodyId: string;
  status: 'OPEN' | 'COMPLETED';
  openedAt: string;
  completedAt: string | null;
}

export interface RectificationListView extends RectificationListHeader {
  completion: { total: number; signedOff: number; completionRate: number; complete: boolean };
  /** The re-check after completion (整改复查); absent on lists from before it. */
  recheck?: RectificationRecheckView;
  items: (RectificationItemSummary & { overdue: boolean; daysOverdue: number })[];
}

export interface RectificationRecheckView {
  round: number;
  dueAt: string | null;
  taskId: string | null;
  /** Every decided re-check, oldest first. */
  decisions: { at: string; actorId: string; outcome: string; reopened: string[]; comment: string }[];
}

export const rectificationItemChanged = defineSignal<[RectificationItemSummary]>('rectificationItemChanged');
export const getRectificationList = defineQuery<RectificationListView>('getRectificationList');
export const getRectificationItem = defineQuery<RectificationItemView>('getRectificationItem');

// ---- read model ---------------------------------------------------------------------------------

export interface RectificationListProjection extends RectificationListHeader {
  policyVersion: string;
  openedBy: string;
  itemCount: number;
  signedOffCount: number;
  /** The list's virtual timeline, so the read side computes days overdue in case time (compressed policies). */
  clockEpochAt: string;
  timeScale: number;
  projectionVersion: number;
}

export interface RectificationItemProjection {
  listId: string;
  itemKey: string;
  workflowId: string;
  problem: string;
  measure: string;
  responsiblePersonId: string;
  responsibleUnitId: string;
  state: RectificationItemState;
  openedAt: string;
  dueAt: string;
  submittedAt: string | null;
  signedOffAt: string | null;
  signedOffBy: string | null;
  reopenCount: number;
  flaggedToSupervisors: boolean;
  escalationLevel: number;
  extensionCount: number;
  progressReportCount: number;
  lastProgressAt: string | null;
  accountabilitySuggestedAt: string | null;
  evidenceRequirements: RectificationItemSpec['evidenceRequirements'];
  /** The references of the current (or signed-off) submission. */
  evidence: EvidenceRefInput[];
  projectionVersion: number;
}

/** An item `overdueToAccountabilityDays` past due: case management decides on a new accountability case. */
export interface AccountabilitySuggestionRecord {
  /** `${itemWorkflowId}:accountability-suggestion`: one per item however often the activity retries. */
  suggestionKey: string;
  listId: string;
  itemKey: string;
  responsibleUnitId: string;
  responsiblePersonId: string;
  dueAt: string;
  daysOverdue: number;
  suggestedAt: string;
}
