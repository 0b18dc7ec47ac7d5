import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The supervision read model: one row per case, task, decision and notification, plus the holiday
 * calendar. Only the projection activities write these tables; lists read them, live state comes from a
 * workflow query. The app role gets exactly the privileges the activities use: upserted projections need
 * UPDATE (ON CONFLICT DO UPDATE), write-once records do not.
 */
export class CreateCaseReadModel1764403200000 implements MigrationInterface {
  name = 'CreateCaseReadModel1764403200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "cases" (
        "case_id" text NOT NULL,
        "case_no" text NOT NULL,
        "kind" text NOT NULL,
        "unit_id" text NOT NULL,
        "jurisdiction_id" text NOT NULL,
        "stage" text NOT NULL,
        "status" text NOT NULL,
        "policy_version" text NOT NULL,
        "opened_by" text NOT NULL,
        "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "deadline_at" TIMESTAMP WITH TIME ZONE,
        "overdue" boolean NOT NULL,
        "escalation_level" integer NOT NULL,
        "last_activity_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "closed_at" TIMESTAMP WITH TIME ZONE,
        "participant_ids" text array NOT NULL,
        "projection_version" bigint NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_cases" PRIMARY KEY ("case_id"),
        CONSTRAINT "uq_cases_case_no" UNIQUE ("case_no")
      )`);
    await q.query(`CREATE INDEX "ix_cases_status_stage" ON "cases" ("status", "stage")`);
    await q.query(`CREATE INDEX "ix_cases_unit_id" ON "cases" ("unit_id")`);
    await q.query(`CREATE INDEX "ix_cases_open_deadline_at" ON "cases" ("deadline_at") WHERE "status" = 'OPEN'`);
    // Need-to-know filter: `participant_ids @> ARRAY[$person]`.
    await q.query(`CREATE INDEX "ix_cases_participant_ids" ON "cases" USING gin ("participant_ids")`);

    await q.query(`
      CREATE TABLE "case_tasks" (
        "task_id" text NOT NULL,
        "case_id" text NOT NULL,
        "workflow_id" text NOT NULL,
        "stage" text NOT NULL,
        "kind" text NOT NULL,
        "title" text NOT NULL,
        "assignee_id" text NOT NULL,
        "candidate_role" text NOT NULL,
        "allowed_outcomes" jsonb NOT NULL,
        "status" text NOT NULL,
        "version" integer NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "due_provisional" boolean NOT NULL,
        "warning_level" text NOT NULL,
        "escalation_level" integer NOT NULL,
        "suspended" boolean NOT NULL,
        "extension_count" integer NOT NULL,
        "outcome" text,
        "decided_by" text,
        "decided_at" TIMESTAMP WITH TIME ZONE,
        "history" jsonb NOT NULL,
        "projection_version" bigint NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_case_tasks" PRIMARY KEY ("task_id")
      )`);
    await q.query(
      `CREATE INDEX "ix_case_tasks_assignee_id_status_due_at" ON "case_tasks" ("assignee_id", "status", "due_at")`,
    );
    await q.query(`CREATE INDEX "ix_case_tasks_status_due_at" ON "case_tasks" ("status", "due_at")`);
    await q.query(`CREATE INDEX "ix_case_tasks_case_id" ON "case_tasks" ("case_id")`);

    await q.query(`
      CREATE TABLE "case_decisions" (
        "decision_key" text NOT NULL,
        "case_id" text NOT NULL,
        "task_id" text NOT NULL,
        "stage" text NOT NULL,
        "outcome" text NOT NULL,
        "actor_id" text NOT NULL,
        "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "basis" jsonb NOT NULL,
        "comment" text NOT NULL,
        CONSTRAINT "pk_case_decisions" PRIMARY KEY ("decision_key")
      )`);
    await q.query(`CREATE INDEX "ix_case_decisions_case_id" ON "case_decisions" ("case_id")`);

    await q.query(`
      CREATE TABLE "case_notifications" (
        "notification_key" text NOT NULL,
        "case_id" text NOT NULL,
        "task_id" text NOT NULL,
        "kind" text NOT NULL,
        "level" integer NOT NULL,
        "recipient_role" text NOT NULL,
        "recipient_id" text,
        "at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "pk_case_notifications" PRIMARY KEY ("notification_key")
      )`);
    await q.query(`CREATE INDEX "ix_case_notifications_case_id" ON "case_notifications" ("case_id")`);

    await q.query(`
      CREATE TABLE "holiday_years" (
        "year" integer NOT NULL,
        "schedule" jsonb NOT NULL,
        "source" text NOT NULL,
        "imported_by" text NOT NULL,
        "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "pk_holiday_years" PRIMARY KEY ("year")
      )`);

    // infra/stack/postgres.ts creates the role for the local stack; this makes the migration work on any
    // server. Roles are cluster-wide, so a concurrent migration of another database may create it first.
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'shuangcha_app') THEN
          CREATE ROLE shuangcha_app NOLOGIN;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON "cases", "case_tasks", "holiday_years" TO shuangcha_app`);
    await q.query(`GRANT SELECT, INSERT ON "case_decisions", "case_notifications" TO shuangcha_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "holiday_years"`);
    await q.query(`DROP TABLE "case_notifications"`);
    await q.query(`DROP TABLE "case_decisions"`);
    await q.query(`DROP TABLE "case_tasks"`);
    await q.query(`DROP TABLE "cases"`);
  }
}
