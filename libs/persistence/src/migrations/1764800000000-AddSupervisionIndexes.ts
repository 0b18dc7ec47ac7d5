import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes behind the supervisors' views (GET /supervision/*), each shaped like its query: the jurisdiction
 * filter first (need-to-know), then the sort key, so a page is an index range scan even at 100k cases.
 */
export class AddSupervisionIndexes1764800000000 implements MigrationInterface {
  name = 'AddSupervisionIndexes1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "ix_cases_open_jurisdiction_last_activity" ON "cases" ("jurisdiction_id", "last_activity_at", "case_id") WHERE "status" = 'OPEN'`,
    );
    await q.query(`CREATE INDEX "ix_cases_jurisdiction_opened_at" ON "cases" ("jurisdiction_id", "opened_at")`);
    await q.query(
      `CREATE INDEX "ix_case_tasks_decided_at" ON "case_tasks" ("decided_at") WHERE "decided_at" IS NOT NULL`,
    );
    await q.query(`CREATE INDEX "ix_case_notifications_kind_at" ON "case_notifications" ("kind", "at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_case_notifications_kind_at"`);
    await q.query(`DROP INDEX "ix_case_tasks_decided_at"`);
    await q.query(`DROP INDEX "ix_cases_jurisdiction_opened_at"`);
    await q.query(`DROP INDEX "ix_cases_open_jurisdiction_last_activity"`);
  }
}
