import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The supervision statistics at a million cases (issue 17): each statistic joined every case of the
 * caller's jurisdictions to the tasks decided, or escalations sent, in the window of all jurisdictions,
 * which read ~50,000 case rows per jurisdiction on each request. Tasks and notifications now carry their
 * case's jurisdiction and unit (copied by the projection, which keeps them equal to the case row), so a
 * statistic is one range scan of its own rows; the cases a viewer may not see are found through a GIN
 * index over the people each case is hidden from and subtracted. Existing rows are filled here.
 */
export class AddSupervisionStatsScope1765781000000 implements MigrationInterface {
  name = 'AddSupervisionStatsScope1765781000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['case_tasks', 'case_notifications']) {
      await q.query(`ALTER TABLE "${table}" ADD "jurisdiction_id" text`);
      await q.query(`ALTER TABLE "${table}" ADD "unit_id" text`);
      await q.query(
        `UPDATE "${table}" x SET "jurisdiction_id" = c.jurisdiction_id, "unit_id" = c.unit_id
           FROM "cases" c WHERE c.case_id = x.case_id`,
      );
    }
    // A notification stays as it was sent; only the copy of its case's scope follows the case row.
    await q.query(`GRANT UPDATE ("jurisdiction_id", "unit_id") ON "case_notifications" TO shuangcha_app`);
    await q.query(
      `CREATE INDEX "ix_case_tasks_jurisdiction_decided_at" ON "case_tasks" ("jurisdiction_id", "decided_at")
        INCLUDE ("case_id", "unit_id", "stage", "created_at", "due_at") WHERE "decided_at" IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX "ix_case_notifications_jurisdiction_escalated_at" ON "case_notifications" ("jurisdiction_id", "at")
        INCLUDE ("case_id", "unit_id", "level") WHERE "kind" = 'escalation'`,
    );
    await q.query(`CREATE INDEX "ix_cases_hidden_from" ON "cases" USING gin (("target_ids" || "recused_ids"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_cases_hidden_from"`);
    await q.query(`DROP INDEX "ix_case_notifications_jurisdiction_escalated_at"`);
    await q.query(`DROP INDEX "ix_case_tasks_jurisdiction_decided_at"`);
    for (const table of ['case_notifications', 'case_tasks']) {
      await q.query(`ALTER TABLE "${table}" DROP COLUMN "unit_id"`);
      await q.query(`ALTER TABLE "${table}" DROP COLUMN "jurisdiction_id"`);
    }
  }
}
