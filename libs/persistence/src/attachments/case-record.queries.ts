import type { DataSource } from 'typeorm';
import type { AccountabilitySummary } from '@shuangcha/domain/accountability';

/** One recorded decision (a proposal, an approval or a vote) of a case, oldest first. */
export interface RecordedDecisionRow {
  stage: string;
  outcome: string;
  actorId: string;
  decidedAt: string;
  basis: { regulation: string; revision?: string; article: string }[];
  comment: string;
}

export interface CaseRectificationItemRow {
  problem: string;
  measure: string;
  dueAt: string;
  responsiblePersonId: string;
}

/**
 * What official documents are drawn from (issue 13 item 3): the case's recorded decisions, its allocated
 * document number, its trace-back summary and problem lists, and the names of units (read model and org model).
 */
export class CaseRecordQueries {
  constructor(private readonly dataSource: DataSource) {}

  async decisions(caseId: string): Promise<RecordedDecisionRow[]> {
    const rows: {
      stage: string;
      outcome: string;
      actor_id: string;
      decided_at: Date;
      basis: RecordedDecisionRow['basis'];
      comment: string;
    }[] = await this.dataSource.query(
      `SELECT stage, outcome, actor_id, decided_at, basis, comment FROM case_decisions
        WHERE case_id = $1 ORDER BY decided_at, decision_key`,
      [caseId],
    );
    return rows.map((r) => ({
      stage: r.stage,
      outcome: r.outcome,
      actorId: r.actor_id,
      decidedAt: r.decided_at.toISOString(),
      basis: r.basis,
      comment: r.comment,
    }));
  }

  async documentNo(caseId: string): Promise<string | null> {
    const rows: { document_no: string | null }[] = await this.dataSource.query(
      `SELECT document_no FROM case_registrations WHERE case_id = $1`,
      [caseId],
    );
    return rows[0]?.document_no ?? null;
  }

  async accountability(caseId: string): Promise<AccountabilitySummary | null> {
    const rows: { summary: AccountabilitySummary }[] = await this.dataSource.query(
      `SELECT summary FROM accountability_summaries WHERE case_id = $1`,
      [caseId],
    );
    return rows[0]?.summary ?? null;
  }

  async rectificationItems(caseId: string): Promise<CaseRectificationItemRow[]> {
    const rows: { problem: string; measure: string; due_at: Date; responsible_person_id: string }[] =
      await this.dataSource.query(
        `SELECT i.problem, i.measure, i.due_at, i.responsible_person_id
           FROM rectification_items i JOIN rectification_lists l ON l.list_id = i.list_id
          WHERE l.source_case_id = $1 ORDER BY i.list_id, i.item_key`,
        [caseId],
      );
    return rows.map((r) => ({
      problem: r.problem,
      measure: r.measure,
      dueAt: r.due_at.toISOString(),
      responsiblePersonId: r.responsible_person_id,
    }));
  }

  /** Unit names from the org model; ids it does not know are left out. */
  async unitNames(ids: readonly string[]): Promise<Record<string, string>> {
    const rows: { id: string; name: string }[] = await this.dataSource.query(
      `SELECT id, name FROM units WHERE id = ANY($1::text[])`,
      [ids],
    );
    return Object.fromEntries(rows.map((r) => [r.id, r.name]));
  }
}
