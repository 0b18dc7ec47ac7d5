import type { EntityManager } from 'typeorm';
import type { CaseLinkRecord, CaseLinkRelation } from '@shuangcha/contracts';

export interface CaseLink {
  linkedCaseId: string;
  linkedCaseNo: string | null;
  relation: CaseLinkRelation;
  personId: string;
  linkedAt: Date;
}

/** Both sides of the link in one statement; a retry inserts nothing. */
export async function insertCaseLink(manager: EntityManager, link: CaseLinkRecord): Promise<void> {
  await manager.query(
    `INSERT INTO case_links (case_id, linked_case_id, relation, person_id, link_key, review_workflow_id)
     VALUES ($1, $2, 'VIOLATION_CASE_OPENED', $3, $4, $5), ($2, $1, 'OPENED_FROM_REVIEW', $3, $4, $5)
     ON CONFLICT DO NOTHING`,
    [link.originCaseId, link.openedCaseId, link.personId, link.linkKey, link.reviewWorkflowId],
  );
}

/** The cases linked to `caseId`, with their numbers, oldest link first. */
export async function caseLinksOf(manager: EntityManager, caseId: string): Promise<CaseLink[]> {
  const rows: {
    linked_case_id: string;
    case_no: string | null;
    relation: CaseLinkRelation;
    person_id: string;
    linked_at: Date;
  }[] = await manager.query(
    `SELECT l.linked_case_id, r.case_no, l.relation, l.person_id, l.linked_at
       FROM case_links l LEFT JOIN case_registrations r ON r.case_id = l.linked_case_id
      WHERE l.case_id = $1 ORDER BY l.linked_at, l.linked_case_id`,
    [caseId],
  );
  return rows.map((row) => ({
    linkedCaseId: row.linked_case_id,
    linkedCaseNo: row.case_no,
    relation: row.relation,
    personId: row.person_id,
    linkedAt: row.linked_at,
  }));
}
