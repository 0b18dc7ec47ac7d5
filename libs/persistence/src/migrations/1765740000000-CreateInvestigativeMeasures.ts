import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Investigative measures (审查调查措施) logged on a case for case management (DOMAIN §2, WR art. 40): one row per
 * measure, written only by the workflow's projection activity, keeping the highest projection version, so a
 * measure's approval and due date land on the row it was logged with.
 */
export class CreateInvestigativeMeasures1765740000000 implements MigrationInterface {
  name = 'CreateInvestigativeMeasures1765740000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "investigative_measures" (
        "measure_id" text NOT NULL,
        "case_id" text NOT NULL,
        "workflow_id" text NOT NULL,
        "stage" text NOT NULL,
        "kind" text NOT NULL,
        "purpose" text NOT NULL,
        "logged_by" text NOT NULL,
        "logged_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "status" text NOT NULL,
        "taken_on" date,
        "approval_task_id" text,
        "approver_ids" text[] NOT NULL DEFAULT '{}',
        "refusal" text,
        "limit_amount" integer,
        "limit_unit" text,
        "due_on" date,
        "projection_version" integer NOT NULL,
        CONSTRAINT "pk_investigative_measures" PRIMARY KEY ("measure_id"),
        CONSTRAINT "ck_investigative_measures_status" CHECK ("status" IN ('PENDING_APPROVAL', 'RECORDED', 'REFUSED')),
        CONSTRAINT "ck_investigative_measures_limit" CHECK (("limit_amount" IS NULL) = ("limit_unit" IS NULL))
      )`);
    await q.query(
      `CREATE INDEX "ix_investigative_measures_case_id" ON "investigative_measures" ("case_id", "logged_at")`,
    );
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'shuangcha_app') THEN
          CREATE ROLE shuangcha_app NOLOGIN;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON "investigative_measures" TO shuangcha_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "investigative_measures"`);
  }
}
