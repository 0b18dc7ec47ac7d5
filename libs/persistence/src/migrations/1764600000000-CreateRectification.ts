import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 整改 read model: problem lists, their items and the accountability suggestions for items long overdue.
 * The item indexes serve the supervision view: open items by due date, completion by unit, reopened items.
 * Lists and items are upserted projections (UPDATE granted); suggestions are written once.
 */
export class CreateRectification1764600000000 implements MigrationInterface {
  name = 'CreateRectification1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "rectification_lists" (
        "list_id" text NOT NULL,
        "list_no" text NOT NULL,
        "source" text NOT NULL,
        "source_case_id" text,
        "supervising_body_id" text NOT NULL,
        "status" text NOT NULL,
        "policy_version" text NOT NULL,
        "opened_by" text NOT NULL,
        "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "completed_at" TIMESTAMP WITH TIME ZONE,
        "item_count" integer NOT NULL,
        "signed_off_count" integer NOT NULL,
        "clock_epoch_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "time_scale" double precision NOT NULL,
        "projection_version" bigint NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_rectification_lists" PRIMARY KEY ("list_id")
      )`);
    await q.query(`CREATE INDEX "ix_rectification_lists_status" ON "rectification_lists" ("status")`);

    await q.query(`
      CREATE TABLE "rectification_items" (
        "list_id" text NOT NULL,
        "item_key" text NOT NULL,
        "workflow_id" text NOT NULL,
        "problem" text NOT NULL,
        "measure" text NOT NULL,
        "responsible_person_id" text NOT NULL,
        "responsible_unit_id" text NOT NULL,
        "state" text NOT NULL,
        "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "submitted_at" TIMESTAMP WITH TIME ZONE,
        "signed_off_at" TIMESTAMP WITH TIME ZONE,
        "signed_off_by" text,
        "reopen_count" integer NOT NULL,
        "flagged_to_supervisors" boolean NOT NULL,
        "escalation_level" integer NOT NULL,
        "extension_count" integer NOT NULL,
        "progress_report_count" integer NOT NULL,
        "last_progress_at" TIMESTAMP WITH TIME ZONE,
        "accountability_suggested_at" TIMESTAMP WITH TIME ZONE,
        "evidence_requirements" jsonb NOT NULL,
        "evidence" jsonb NOT NULL,
        "projection_version" bigint NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_rectification_items" PRIMARY KEY ("list_id", "item_key")
      )`);
    await q.query(`CREATE INDEX "ix_rectification_items_state_due_at" ON "rectification_items" ("state", "due_at")`);
    await q.query(
      `CREATE INDEX "ix_rectification_items_responsible_unit_id" ON "rectification_items" ("responsible_unit_id")`,
    );
    await q.query(`CREATE INDEX "ix_rectification_items_reopen_count" ON "rectification_items" ("reopen_count")`);

    await q.query(`
      CREATE TABLE "rectification_accountability_suggestions" (
        "suggestion_key" text NOT NULL,
        "list_id" text NOT NULL,
        "item_key" text NOT NULL,
        "responsible_unit_id" text NOT NULL,
        "responsible_person_id" text NOT NULL,
        "due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "days_overdue" integer NOT NULL,
        "suggested_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "pk_rectification_accountability_suggestions" PRIMARY KEY ("suggestion_key")
      )`);
    await q.query(
      `CREATE INDEX "ix_rectification_accountability_suggestions_list_id" ON "rectification_accountability_suggestions" ("list_id")`,
    );

    await q.query(`GRANT SELECT, INSERT, UPDATE ON "rectification_lists", "rectification_items" TO shuangcha_app`);
    await q.query(`GRANT SELECT, INSERT ON "rectification_accountability_suggestions" TO shuangcha_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "rectification_accountability_suggestions"`);
    await q.query(`DROP TABLE "rectification_items"`);
    await q.query(`DROP TABLE "rectification_lists"`);
  }
}
