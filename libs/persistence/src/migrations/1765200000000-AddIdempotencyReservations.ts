import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16 item 5: a key is reserved before its request runs, so a concurrent second request with the same
 * key finds the reservation instead of running too. A reserved row has no response yet (`completed_at`
 * NULL); its `expires_at` is a short lease, so a reservation left by a crashed process frees itself.
 */
export class AddIdempotencyReservations1765200000000 implements MigrationInterface {
  name = 'AddIdempotencyReservations1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "idempotency_keys" ALTER COLUMN "response" DROP NOT NULL`);
    await q.query(`ALTER TABLE "idempotency_keys" ADD COLUMN "completed_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`UPDATE "idempotency_keys" SET "completed_at" = "created_at"`);
    await q.query(`
      ALTER TABLE "idempotency_keys" ADD CONSTRAINT "ck_idempotency_keys_completed_has_response"
        CHECK (("completed_at" IS NULL) = ("response" IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "idempotency_keys" WHERE "completed_at" IS NULL`);
    await q.query(`ALTER TABLE "idempotency_keys" DROP CONSTRAINT "ck_idempotency_keys_completed_has_response"`);
    await q.query(`ALTER TABLE "idempotency_keys" DROP COLUMN "completed_at"`);
    await q.query(`ALTER TABLE "idempotency_keys" ALTER COLUMN "response" SET NOT NULL`);
  }
}
