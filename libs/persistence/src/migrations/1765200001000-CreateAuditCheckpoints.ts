import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed checkpoints of the audit chains (issue 16 item 8). Each row covers the entries of one chain from
 * `from_seq` to `to_seq`: their hashes, and a MAC over them made with a key from the application's
 * configuration that the database never holds. Whoever owns the database can rewrite `audit_entries` and
 * rehash every later entry, but cannot sign a matching checkpoint, so verification names the first rewritten
 * entry and notices a chain shorter than its last checkpoint. Append-only like the audit log itself.
 */
export class CreateAuditCheckpoints1765200001000 implements MigrationInterface {
  name = 'CreateAuditCheckpoints1765200001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "audit_checkpoints" (
        "id" BIGSERIAL NOT NULL,
        "case_id" text NOT NULL,
        "from_seq" integer NOT NULL,
        "to_seq" integer NOT NULL,
        "hashes" jsonb NOT NULL,
        "key_id" text NOT NULL,
        "signature" text NOT NULL,
        "at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "pk_audit_checkpoints" PRIMARY KEY ("id"),
        CONSTRAINT "uq_audit_checkpoints_case_id_to_seq" UNIQUE ("case_id", "to_seq"),
        CONSTRAINT "uq_audit_checkpoints_case_id_from_seq" UNIQUE ("case_id", "from_seq"),
        CONSTRAINT "ck_audit_checkpoints_range" CHECK ("from_seq" >= 1 AND "to_seq" >= "from_seq")
      )`);
    await q.query(`
      CREATE FUNCTION reject_audit_checkpoint_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_checkpoints is append-only: % rejected', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER "audit_checkpoints_append_only"
        BEFORE UPDATE OR DELETE OR TRUNCATE ON "audit_checkpoints"
        FOR EACH STATEMENT EXECUTE FUNCTION reject_audit_checkpoint_change()`);
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'shuangcha_app') THEN
          CREATE ROLE shuangcha_app NOLOGIN;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    await q.query(`GRANT SELECT, INSERT ON "audit_checkpoints" TO shuangcha_app`);
    await q.query(`GRANT USAGE ON SEQUENCE "audit_checkpoints_id_seq" TO shuangcha_app`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit_checkpoints" FROM shuangcha_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit_checkpoints"`);
    await q.query(`DROP FUNCTION reject_audit_checkpoint_change()`);
  }
}
