import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Links between cases (DOMAIN §4: DIRECT responsibility found in a review spawns a violation case for the
 * person). One row per side, so each case lists the other: the review's case `VIOLATION_CASE_OPENED`, the
 * new case `OPENED_FROM_REVIEW`. A link is never changed or removed.
 */
export class CreateCaseLinks1765730000000 implements MigrationInterface {
  name = 'CreateCaseLinks1765730000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "case_links" (
        "case_id" text NOT NULL,
        "linked_case_id" text NOT NULL,
        "relation" text NOT NULL,
        "person_id" text NOT NULL,
        "link_key" text NOT NULL,
        "review_workflow_id" text NOT NULL,
        "linked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_case_links" PRIMARY KEY ("case_id", "linked_case_id", "relation")
      )`);
    await q.query(`GRANT SELECT, INSERT ON "case_links" TO shuangcha_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "case_links"`);
  }
}
