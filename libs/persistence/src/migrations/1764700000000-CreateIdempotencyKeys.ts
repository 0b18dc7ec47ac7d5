import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency-Key records of the gateway (issue 7 §4): the first successful response of a POST, kept until
 * `expires_at` so a client retry with the same key and body gets the same answer, and the same key with a
 * different body is refused. Keys are scoped per person; the route is stored so one key cannot serve two
 * different operations. Expired rows are overwritten in place (no sweeper needed for correctness).
 */
export class CreateIdempotencyKeys1764700000000 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "idempotency_keys" (
        "principal_id" text NOT NULL,
        "key" text NOT NULL,
        "route" text NOT NULL,
        "body_hash" text NOT NULL,
        "response" jsonb NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "pk_idempotency_keys" PRIMARY KEY ("principal_id", "key")
      )`);
    await q.query(`CREATE INDEX "ix_idempotency_keys_expires_at" ON "idempotency_keys" ("expires_at")`);
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'shuangcha_app') THEN
          CREATE ROLE shuangcha_app NOLOGIN;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    // DELETE for purging expired keys; UPDATE because an expired key is overwritten by its next use.
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "idempotency_keys" TO shuangcha_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "idempotency_keys"`);
  }
}
