import type { EntityManager } from 'typeorm';

export interface CaseRegistration {
  caseId: string;
  jurisdictionId: string;
  caseNo: string;
  documentNo: string | null;
  allocated: boolean;
  openedBy: string;
  requestKey: string;
}

interface RegistrationRow {
  case_id: string;
  jurisdiction_id: string;
  case_no: string;
  document_no: string | null;
  allocated: boolean;
  opened_by: string;
  request_key: string;
}

const fromRow = (row: RegistrationRow): CaseRegistration => ({
  caseId: row.case_id,
  jurisdictionId: row.jurisdiction_id,
  caseNo: row.case_no,
  documentNo: row.document_no,
  allocated: row.allocated,
  openedBy: row.opened_by,
  requestKey: row.request_key,
});

const COLUMNS = 'case_id, jurisdiction_id, case_no, document_no, allocated, opened_by, request_key';

/** A registration's values in the order of COLUMNS, as $1 to $7. */
function registrationValues(registration: CaseRegistration): unknown[] {
  return [
    registration.caseId,
    registration.jurisdictionId,
    registration.caseNo,
    registration.documentNo,
    registration.allocated,
    registration.openedBy,
    registration.requestKey,
  ];
}

/**
 * The next number of the jurisdiction's count for the year. The counter row stays locked until the
 * caller's transaction ends, so concurrent opens in one jurisdiction take their numbers one after another
 * and a rolled-back open gives its number back.
 */
export async function nextCaseSeq(manager: EntityManager, jurisdictionId: string, year: number): Promise<number> {
  const rows: { last_seq: number }[] = await manager.query(
    `INSERT INTO case_number_counters (jurisdiction_id, year, last_seq) VALUES ($1, $2, 1)
     ON CONFLICT (jurisdiction_id, year) DO UPDATE SET last_seq = case_number_counters.last_seq + 1
     RETURNING last_seq`,
    [jurisdictionId, year],
  );
  return rows[0].last_seq;
}

export async function registrationByNumber(
  manager: EntityManager,
  jurisdictionId: string,
  caseNo: string,
): Promise<CaseRegistration | null> {
  const rows: RegistrationRow[] = await manager.query(
    `SELECT ${COLUMNS} FROM case_registrations WHERE jurisdiction_id = $1 AND case_no = $2`,
    [jurisdictionId, caseNo],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** The case a person's request opened, whatever happened to the idempotency record of its answer. */
export async function registrationByRequest(
  manager: EntityManager,
  openedBy: string,
  requestKey: string,
): Promise<CaseRegistration | null> {
  const rows: RegistrationRow[] = await manager.query(
    `SELECT ${COLUMNS} FROM case_registrations WHERE opened_by = $1 AND request_key = $2`,
    [openedBy, requestKey],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

export async function registrationsOf(manager: EntityManager, caseIds: readonly string[]): Promise<CaseRegistration[]> {
  if (caseIds.length === 0) return [];
  const rows: RegistrationRow[] = await manager.query(
    `SELECT ${COLUMNS} FROM case_registrations WHERE case_id = ANY($1::text[])`,
    [caseIds],
  );
  return rows.map(fromRow);
}

/**
 * How a claim ended: the number is now the caller's (until its transaction ends), another registration
 * holds the number or the request, or the org model was loaded while the caller's participants went
 * unchecked because it was empty.
 */
export type CaseNumberClaim = 'claimed' | 'taken' | 'orgModelLoaded';

/**
 * Registers the number in one statement before the case starts, in the caller's transaction: a concurrent
 * claim of the same number (or request) waits on it and then finds it taken, and a start that fails rolls it
 * back. `whileOrgModelEmpty` makes the claim hold only if the org model is still empty, so participants
 * accepted unchecked on an empty model are never registered once a model is loaded.
 */
export async function claimCaseNumber(
  manager: EntityManager,
  registration: CaseRegistration,
  options: { whileOrgModelEmpty: boolean },
): Promise<CaseNumberClaim> {
  const rows: { claimed: boolean; org_model_loaded: boolean }[] = await manager.query(
    `WITH org AS (SELECT $8::boolean AND EXISTS (SELECT 1 FROM persons) AS loaded),
          claim AS (
            INSERT INTO case_registrations (${COLUMNS})
            SELECT $1, $2, $3, $4, $5, $6, $7 WHERE NOT (SELECT loaded FROM org)
            ON CONFLICT DO NOTHING RETURNING case_id)
     SELECT EXISTS (SELECT 1 FROM claim) AS claimed, (SELECT loaded FROM org) AS org_model_loaded`,
    [...registrationValues(registration), options.whileOrgModelEmpty],
  );
  if (rows[0].org_model_loaded) return 'orgModelLoaded';
  return rows[0].claimed ? 'claimed' : 'taken';
}

/** Who holds a number a claim found taken: the registration of that number, and the request's own if any. */
export async function registrationsHolding(
  manager: EntityManager,
  claim: { jurisdictionId: string; caseNo: string; openedBy: string; requestKey: string },
): Promise<{ byNumber: CaseRegistration | null; byRequest: CaseRegistration | null }> {
  const rows: RegistrationRow[] = await manager.query(
    `SELECT ${COLUMNS} FROM case_registrations
      WHERE (jurisdiction_id = $1 AND case_no = $2) OR (opened_by = $3 AND request_key = $4)`,
    [claim.jurisdictionId, claim.caseNo, claim.openedBy, claim.requestKey],
  );
  const found = rows.map(fromRow);
  return {
    byNumber: found.find((r) => r.jurisdictionId === claim.jurisdictionId && r.caseNo === claim.caseNo) ?? null,
    byRequest: found.find((r) => r.openedBy === claim.openedBy && r.requestKey === claim.requestKey) ?? null,
  };
}

/** False when the number (or the request) is registered already: the caller's open is a duplicate. */
export async function registerCase(manager: EntityManager, registration: CaseRegistration): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO case_registrations (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT DO NOTHING RETURNING case_id`,
    registrationValues(registration),
  );
  return rows.length > 0;
}
