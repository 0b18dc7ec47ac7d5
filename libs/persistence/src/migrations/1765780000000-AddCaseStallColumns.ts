import type { MigrationInterface, QueryRunner } from 'typeorm';
import { policyByVersion, policyVersions } from '@shuangcha/domain/policy';

/**
 * The stalled view (DOMAIN §7) as index range scans at a million cases (issue 17): each case row carries
 * when its oldest open approval was opened (`approval_pending_since`, kept by the task projection) and its
 * policy's clock rate (`time_scale`, 1 for real time), so the gateway compares columns with cutoff instants
 * it computes on the holiday calendar instead of probing every case's tasks. The partial index holds only
 * the open cases that can be stalled for a reason other than real-time idleness (overdue, an approval
 * pending, a compressed clock): few next to the open cases. Existing rows are filled here.
 */
export class AddCaseStallColumns1765780000000 implements MigrationInterface {
  name = 'AddCaseStallColumns1765780000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "cases" ADD "time_scale" double precision NOT NULL DEFAULT 1`);
    await q.query(`ALTER TABLE "cases" ADD "approval_pending_since" TIMESTAMP WITH TIME ZONE`);
    const versions = policyVersions();
    await q.query(
      `UPDATE "cases" c SET "time_scale" = p.time_scale
         FROM unnest($1::text[], $2::float8[]) AS p(version, time_scale)
        WHERE p.version = c.policy_version AND p.time_scale <> 1`,
      [versions, versions.map((v) => policyByVersion(v).timeScale)],
    );
    await q.query(
      `UPDATE "cases" c SET "approval_pending_since" = a.since
         FROM (SELECT case_id, min(created_at) AS since FROM "case_tasks"
                WHERE status = 'OPEN'
                  AND kind IN ('approval', 'collectiveDecision', 'extensionApproval', 'suspensionApproval', 'measureApproval')
                GROUP BY case_id) a
        WHERE a.case_id = c.case_id`,
    );
    await q.query(
      `CREATE INDEX "ix_cases_open_stall_flagged" ON "cases" ("jurisdiction_id", "last_activity_at", "case_id")
        WHERE "status" = 'OPEN' AND ("overdue" OR "approval_pending_since" IS NOT NULL OR "time_scale" <> 1)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_cases_open_stall_flagged"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "approval_pending_since"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "time_scale"`);
  }
}
