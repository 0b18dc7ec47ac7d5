import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications that reach people (issue 10 §6): an id the API can show (derived from the key, which names
 * workflows), the recipient's newest-first index, who has read what, and the voters of a collective
 * decision so each finds the vote in their own inbox. Existing notifications get their ids here; existing
 * tasks start with no voters until their next projection.
 */
export class AddNotificationInbox1765400000000 implements MigrationInterface {
  name = 'AddNotificationInbox1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "case_notifications" ADD "notification_id" text`);
    // Same derivation as notificationIdOf() in the mapper.
    await q.query(
      `UPDATE "case_notifications" SET "notification_id" = 'n-' || left(encode(sha256(convert_to("notification_key", 'UTF8')), 'hex'), 32)`,
    );
    await q.query(`ALTER TABLE "case_notifications" ALTER COLUMN "notification_id" SET NOT NULL`);
    await q.query(
      `ALTER TABLE "case_notifications" ADD CONSTRAINT "uq_case_notifications_notification_id" UNIQUE ("notification_id")`,
    );
    await q.query(
      `CREATE INDEX "ix_case_notifications_recipient_id_at" ON "case_notifications" ("recipient_id", "at", "notification_id")`,
    );
    await q.query(`
      CREATE TABLE "notification_reads" (
        "notification_id" text NOT NULL,
        "person_id" text NOT NULL,
        "read_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "pk_notification_reads" PRIMARY KEY ("notification_id", "person_id")
      )`);
    await q.query(`GRANT SELECT, INSERT ON "notification_reads" TO shuangcha_app`);
    await q.query(`ALTER TABLE "case_tasks" ADD "voter_ids" text array NOT NULL DEFAULT '{}'`);
    await q.query(`CREATE INDEX "ix_case_tasks_voter_ids" ON "case_tasks" USING gin ("voter_ids")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_case_tasks_voter_ids"`);
    await q.query(`ALTER TABLE "case_tasks" DROP COLUMN "voter_ids"`);
    await q.query(`DROP TABLE "notification_reads"`);
    await q.query(`DROP INDEX "ix_case_notifications_recipient_id_at"`);
    await q.query(`ALTER TABLE "case_notifications" DROP CONSTRAINT "uq_case_notifications_notification_id"`);
    await q.query(`ALTER TABLE "case_notifications" DROP COLUMN "notification_id"`);
  }
}
