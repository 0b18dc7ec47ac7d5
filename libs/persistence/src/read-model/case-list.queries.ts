import type { DataSource } from 'typeorm';
import type { CaseKind, CaseStatus } from '@shuangcha/contracts';

export interface CaseListRow {
  case_id: string;
  case_no: string;
  document_no: string | null;
  kind: CaseKind;
  unit_id: string;
  jurisdiction_id: string;
  stage: string;
  status: CaseStatus;
  policy_version: string;
  opened_at: Date;
  deadline_at: Date | null;
  overdue: boolean;
  escalation_level: number;
  last_activity_at: Date;
  closed_at: Date | null;
}

/** Binds a value as the next positional parameter and returns its placeholder. */
export type BindParam = (value: unknown) => string;

export interface CaseListFilter {
  /** The caller's need-to-know condition on `c` (cases), with the parameters it already numbers from `$1`. */
  scope: { sql: string; params: unknown[] };
  /** Rows the caller reads in full; applied only with `subjectName`, since who a case is about is not metadata. */
  fullAccess: (bind: BindParam) => string;
  stage?: string;
  status?: CaseStatus;
  unit?: string;
  caseNo?: string;
  documentNo?: string;
  /** Asia/Shanghai days, `YYYY-MM-DD`, both ends inclusive. */
  openedFrom?: string;
  openedTo?: string;
  /** A substring of a subject's display name, matched literally. */
  subjectName?: string;
  /** Keyset: only cases with a smaller id than this one. */
  afterCaseId?: string;
  /** Rows returned at most. */
  limit: number;
}

export class CaseListQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** The read model's cases matching the filter, newest (largest id) first. */
  async list(filter: CaseListFilter): Promise<CaseListRow[]> {
    const params: unknown[] = [...filter.scope.params];
    const where = [filter.scope.sql];
    const bind: BindParam = (value) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.stage) where.push(`c.stage = ${bind(filter.stage)}`);
    if (filter.status) where.push(`c.status = ${bind(filter.status)}`);
    if (filter.unit) where.push(`c.unit_id = ${bind(filter.unit)}`);
    if (filter.caseNo) where.push(`c.case_no = ${bind(filter.caseNo)}`);
    if (filter.documentNo) where.push(`r.document_no = ${bind(filter.documentNo)}`);
    // Days are Asia/Shanghai days, like every date the commission writes.
    if (filter.openedFrom)
      where.push(`c.opened_at >= (${bind(filter.openedFrom)}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
    if (filter.openedTo)
      where.push(`c.opened_at < (${bind(filter.openedTo)}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`);
    if (filter.subjectName) {
      const pattern = `%${filter.subjectName.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      where.push(
        `c.target_ids && ARRAY(SELECT p.id FROM persons p WHERE p.display_name ILIKE ${bind(pattern)})`,
        filter.fullAccess(bind),
      );
    }
    if (filter.afterCaseId !== undefined) where.push(`c.case_id < ${bind(filter.afterCaseId)}`);
    return this.dataSource.query(
      `SELECT c.case_id, c.case_no, r.document_no, c.kind, c.unit_id, c.jurisdiction_id, c.stage, c.status,
              c.policy_version, c.opened_at, c.deadline_at, c.overdue, c.escalation_level, c.last_activity_at,
              c.closed_at
         FROM cases c LEFT JOIN case_registrations r ON r.case_id = c.case_id
        WHERE ${where.join(' AND ')} ORDER BY c.case_id DESC LIMIT ${bind(filter.limit)}`,
      params,
    );
  }
}
