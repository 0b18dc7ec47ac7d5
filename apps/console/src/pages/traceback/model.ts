import { useMemo } from 'react';
import type { Schemas } from '../../api/client';
import { useDirectory } from '../../components/directory';

export type AccountabilityView = Schemas['AccountabilityViewDto'];
export type ReviewTask = AccountabilityView['openTasks'][number];
type Chart = NonNullable<AccountabilityView['orgChart']>;

/**
 * The OpenAPI document outlines the live state and the summary as open objects (the gateway returns the
 * workflow's own types, libs/contracts `AccountabilityState` and libs/domain `AccountabilitySummary`); these
 * are the fields the page reads from them.
 */
export interface CandidateView {
  candidateKey: string;
  target: 'person' | 'organization';
  personId: string | null;
  organizationBodyId: string | null;
  responsibility: 'primaryResponsibility' | 'supervisoryResponsibility';
  suggestedType: string;
  rule: string;
  overlapDays: number | null;
}

export interface ReviewView {
  candidateKey: string;
  workflowId: string;
  stage: string;
  final: boolean;
}

export interface Measures {
  forms: string[];
  orgAdjustmentOption?: string;
  modifiers: { kind: string; ground?: string; text: string }[];
}

export interface SummaryEntryView {
  candidateKey: string;
  target: 'person' | 'organization';
  personId: string | null;
  organizationBodyId: string | null;
  determination: string;
  outcome: string;
  finalMeasures: Measures;
  authority: string | null;
  appealed: boolean;
  appealOutcome: string | null;
}

export interface SummaryView {
  concludedAt: string;
  primaryResponsibility: SummaryEntryView[];
  supervisoryResponsibility: SummaryEntryView[];
  removedCandidates: { candidateKey: string }[];
  counts: Record<string, number>;
}

export const candidatesOf = (view: AccountabilityView | null): CandidateView[] =>
  (view?.live?.candidates ?? []) as unknown as CandidateView[];
export const reviewsOf = (view: AccountabilityView | null): ReviewView[] =>
  (view?.live?.reviews ?? []) as unknown as ReviewView[];
export const summaryOf = (view: AccountabilityView | null): SummaryView | null =>
  (view?.summary ?? null) as unknown as SummaryView | null;

export interface CandidateNames {
  /** Name and post of a person, or the body's name for an organization; null for a key it does not know. */
  nameOf: (candidateKey: string) => string | null;
  /** The post the person held during the misconduct period (the chart's tenures), else today's. */
  postOf: (personId: string) => string;
  bodyName: (bodyId: string) => string;
  /** The candidate a review or removal task belongs to. */
  candidateOfTask: (task: ReviewTask) => string | null;
}

/** Candidates by name and post (the view's `people` map and org chart), never by their opaque keys. */
export function useCandidateNames(view: AccountabilityView | null): CandidateNames {
  const directory = useDirectory(view?.people);
  return useMemo(() => {
    const chart: Chart = view?.orgChart ?? { misconductIntervals: [], bodies: [], tenures: [] };
    const bodies = new Map(chart.bodies.map((b) => [b.bodyId, b.bodyName ?? b.bodyId]));
    const bodyName = (bodyId: string) => bodies.get(bodyId) ?? bodyId;
    const postOf = (personId: string) =>
      [...new Set(chart.tenures.filter((t) => t.personId === personId).map((t) => t.title ?? bodyName(t.bodyId)))].join(
        '、',
      ) || directory.personPost(personId);
    const targets = new Map<string, { personId: string | null; organizationBodyId: string | null }>();
    const summary = summaryOf(view);
    for (const c of [
      ...candidatesOf(view),
      ...(summary ? [...summary.primaryResponsibility, ...summary.supervisoryResponsibility] : []),
    ])
      targets.set(c.candidateKey, c);
    const nameOf = (candidateKey: string) => {
      const target = targets.get(candidateKey);
      if (!target) return null;
      return target.personId
        ? `${directory.personName(target.personId)} ${postOf(target.personId)}`.trim()
        : bodyName(target.organizationBodyId ?? '');
    };
    const byWorkflow = new Map(reviewsOf(view).map((r) => [r.workflowId, r.candidateKey]));
    const byRemoval = new Map((view?.live?.pendingRemovals ?? []).map((r) => [r.taskId, r.candidateKey]));
    const candidateOfTask = (task: ReviewTask) => {
      const key = byWorkflow.get(task.workflowId) ?? byRemoval.get(task.taskId);
      return key ? nameOf(key) : null;
    };
    return { nameOf, postOf, bodyName, candidateOfTask };
  }, [view, directory]);
}
