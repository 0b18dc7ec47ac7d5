import type { ResponsibilityKind } from '../trace-back';
import type {
  AccountabilityMeasures,
  AccountabilityTarget,
  AppealReviewOutcome,
  DecidingAuthority,
  Determination,
} from './accountability-forms';

/** Who a review was about, for which responsibility, and what it determined. Ids only. */
interface ReviewedCandidate {
  readonly candidateKey: string;
  readonly target: AccountabilityTarget;
  readonly personId: string | null;
  readonly organizationBodyId: string | null;
  readonly responsibility: ResponsibilityKind;
  readonly determination: Determination;
}

/** How one candidate's review ended, as the review workflow returns it. */
export interface ReviewResult extends ReviewedCandidate {
  /** Why `NONE`; null otherwise. */
  readonly noneReason: string | null;
  /** The measures the decision carried (after a managing body amended them), null for `NONE`. */
  readonly decidedMeasures: AccountabilityMeasures | null;
  readonly authority: DecidingAuthority | null;
  readonly decidingBodyId: string | null;
  /** DECIDE (commission), ADOPTED / AMENDED / DECLINED (managing body), null for `NONE`. */
  readonly decisionOutcome: string | null;
  readonly decidedAt: string | null;
  readonly appeal: {
    readonly filedOn: string;
    readonly outcome: AppealReviewOutcome;
    readonly amendedMeasures: AccountabilityMeasures | null;
  } | null;
  /** `DIRECT` responsibility belongs in a violation case: the review flags it for one to be opened or linked. */
  readonly violationCaseSuggested: boolean;
  readonly warnings: readonly string[];
}

export type SummaryOutcome =
  'HELD_ACCOUNTABLE' | 'EXEMPTED' | 'NO_RESPONSIBILITY' | 'DECLINED_BY_MANAGING_BODY' | 'REVOKED_ON_APPEAL';

export interface SummaryEntry extends ReviewedCandidate {
  readonly outcome: SummaryOutcome;
  /** In force at the end: the appeal's amended measures, else the decided ones; empty when nothing stands. */
  readonly finalMeasures: AccountabilityMeasures;
  readonly authority: DecidingAuthority | null;
  readonly decidingBodyId: string | null;
  readonly appealed: boolean;
  readonly appealOutcome: AppealReviewOutcome | null;
  readonly violationCaseSuggested: boolean;
}

export interface RemovedCandidate {
  readonly candidateKey: string;
  readonly reason: string;
  readonly removedBy: string;
  readonly approvedBy: string;
}

/** The structured outcome of a responsibility trace-back (issue 5 §5), stored in the read model. */
export interface AccountabilitySummary {
  readonly caseId: string;
  readonly snapshotHash: string | null;
  readonly snapshotAsOf: string | null;
  readonly concludedAt: string;
  readonly primaryResponsibility: readonly SummaryEntry[];
  readonly supervisoryResponsibility: readonly SummaryEntry[];
  readonly appeals: readonly { readonly candidateKey: string; readonly outcome: AppealReviewOutcome }[];
  readonly removedCandidates: readonly RemovedCandidate[];
  readonly counts: Readonly<Record<SummaryOutcome, number>>;
}

const EMPTY: AccountabilityMeasures = { forms: [], modifiers: [] };

function outcomeOf(result: ReviewResult): { outcome: SummaryOutcome; measures: AccountabilityMeasures } {
  if (result.determination === 'NONE') return { outcome: 'NO_RESPONSIBILITY', measures: EMPTY };
  if (result.decisionOutcome === 'DECLINED') return { outcome: 'DECLINED_BY_MANAGING_BODY', measures: EMPTY };
  if (result.appeal?.outcome === 'REVOKED') return { outcome: 'REVOKED_ON_APPEAL', measures: EMPTY };
  const measures =
    (result.appeal?.outcome === 'AMENDED' ? result.appeal.amendedMeasures : null) ?? result.decidedMeasures ?? EMPTY;
  const exempt = measures.forms.length === 0 && measures.modifiers.some((m) => m.kind === 'EXEMPT');
  return { outcome: exempt ? 'EXEMPTED' : 'HELD_ACCOUNTABLE', measures };
}

/** Pure: the same results in any order give the same summary (entries sorted by candidate key). */
export function buildAccountabilitySummary(input: {
  caseId: string;
  snapshotHash: string | null;
  snapshotAsOf: string | null;
  concludedAt: string;
  results: readonly ReviewResult[];
  removedCandidates: readonly RemovedCandidate[];
}): AccountabilitySummary {
  const counts: Record<SummaryOutcome, number> = {
    HELD_ACCOUNTABLE: 0,
    EXEMPTED: 0,
    NO_RESPONSIBILITY: 0,
    DECLINED_BY_MANAGING_BODY: 0,
    REVOKED_ON_APPEAL: 0,
  };
  const entries = [...input.results]
    .sort((a, b) => (a.candidateKey < b.candidateKey ? -1 : a.candidateKey > b.candidateKey ? 1 : 0))
    .map((result): SummaryEntry => {
      const { outcome, measures } = outcomeOf(result);
      counts[outcome] += 1;
      return {
        candidateKey: result.candidateKey,
        target: result.target,
        personId: result.personId,
        organizationBodyId: result.organizationBodyId,
        responsibility: result.responsibility,
        determination: result.determination,
        outcome,
        finalMeasures: measures,
        authority: result.authority,
        decidingBodyId: result.decidingBodyId,
        appealed: result.appeal !== null,
        appealOutcome: result.appeal?.outcome ?? null,
        violationCaseSuggested: result.violationCaseSuggested,
      };
    });
  return {
    caseId: input.caseId,
    snapshotHash: input.snapshotHash,
    snapshotAsOf: input.snapshotAsOf,
    concludedAt: input.concludedAt,
    primaryResponsibility: entries.filter((e) => e.responsibility === 'primaryResponsibility'),
    supervisoryResponsibility: entries.filter((e) => e.responsibility === 'supervisoryResponsibility'),
    appeals: entries
      .filter((e) => e.appealOutcome !== null)
      .map((e) => ({ candidateKey: e.candidateKey, outcome: e.appealOutcome as AppealReviewOutcome })),
    removedCandidates: [...input.removedCandidates].sort((a, b) => (a.candidateKey < b.candidateKey ? -1 : 1)),
    counts,
  };
}
