import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Case numbers allocated by the server (issue 10 item 4): one counter row per jurisdiction and year,
 * advanced with `UPDATE … RETURNING` in the transaction that starts the case, so concurrent opens queue on
 * the row and a start that fails rolls its number back. `case_registrations` records every number taken,
 * allocated or registered by hand for an existing paper case, with its document number, and keeps numbers
 * unique per jurisdiction: two commissions count separately, so the read model's global unique case
 * number becomes unique per jurisdiction too. Existing cases are registered under their own numbers.
 */
export class CreateCaseNumbering1765300000000 implements MigrationInterface {
  name = 'CreateCaseNumbering1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "case_number_counters" (
        "jurisdiction_id" text NOT NULL,
        "year" integer NOT NULL,
        "last_seq" integer NOT NULL,
        CONSTRAINT "pk_case_number_counters" PRIMARY KEY ("jurisdiction_id", "year")
      )`);
    await q.query(`
      CREATE TABLE "case_registrations" (
        "case_id" text NOT NULL,
        "jurisdiction_id" text NOT NULL,
        "case_no" text NOT NULL,
        "document_no" text,
        "allocated" boolean NOT NULL,
        "opened_by" text NOT NULL,
        "request_key" text NOT NULL,
        "registered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_case_registrations" PRIMARY KEY ("case_id"),
        CONSTRAINT "uq_case_registrations_jurisdiction_case_no" UNIQUE ("jurisdiction_id", "case_no"),
        CONSTRAINT "uq_case_registrations_request" UNIQUE ("opened_by", "request_key")
      )`);
    await q.query(`
      INSERT INTO "case_registrations"
        ("case_id", "jurisdiction_id", "case_no", "document_no", "allocated", "opened_by", "request_key", "registered_at")
      SELECT "case_id", "jurisdiction_id", "case_no", NULL, false, "opened_by", 'before-numbering:' || "case_id", "opened_at"
        FROM "cases"`);
    await q.query(`ALTER TABLE "cases" DROP CONSTRAINT "uq_cases_case_no"`);
    await q.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "uq_cases_jurisdiction_case_no" UNIQUE ("jurisdiction_id", "case_no")`,
    );
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'shuangcha_app') THEN
          CREATE ROLE shuangcha_app NOLOGIN;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON "case_number_counters" TO shuangcha_app`);
    // A registration is never changed or removed: the number stays taken even if the case is withdrawn.
    await q.query(`GRANT SELECT, INSERT ON "case_registrations" TO shuangcha_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "cases" DROP CONSTRAINT "uq_cases_jurisdiction_case_no"`);
    await q.query(`ALTER TABLE "cases" ADD CONSTRAINT "uq_cases_case_no" UNIQUE ("case_no")`);
    await q.query(`DROP TABLE "case_registrations"`);
    await q.query(`DROP TABLE "case_number_counters"`);
  }
}
