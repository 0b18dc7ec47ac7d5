import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only, hash-chained audit log (DOMAIN.md §8, STYLE.md §6). Two independent guards:
 * - the app role may only SELECT and INSERT;
 * - a trigger rejects UPDATE, DELETE and TRUNCATE for every role, the owner included, with no bypass
 *   setting. Only someone who can ALTER the table (its owner or a superuser) can disable the trigger;
 *   the hash chain (libs/persistence/src/audit) is what detects that, and the tamper test simulates it.
 */
export class CreateAuditEntries1764403260000 implements MigrationInterface {
  name = 'CreateAuditEntries1764403260000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "audit_entries" (
        "id" BIGSERIAL NOT NULL,
        "event_key" text NOT NULL,
        "case_id" text NOT NULL,
        "seq" integer NOT NULL,
        "actor_id" text,
        "action" text NOT NULL,
        "at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "before" jsonb,
        "after" jsonb,
        "prev_hash" text NOT NULL,
        "hash" text NOT NULL,
        CONSTRAINT "pk_audit_entries" PRIMARY KEY ("id"),
        CONSTRAINT "uq_audit_entries_event_key" UNIQUE ("event_key"),
        CONSTRAINT "uq_audit_entries_case_id_seq" UNIQUE ("case_id", "seq")
      )`);

    await q.query(`
      CREATE FUNCTION reject_audit_entry_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entries is append-only: % rejected', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    // Statement level, so even an UPDATE or DELETE matching no row is refused, and TRUNCATE is covered.
    await q.query(`
      CREATE TRIGGER "audit_entries_append_only"
        BEFORE UPDATE OR DELETE OR TRUNCATE ON "audit_entries"
        FOR EACH STATEMENT EXECUTE FUNCTION reject_audit_entry_change()`);

    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'shuangcha_app') THEN
          CREATE ROLE shuangcha_app NOLOGIN;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    await q.query(`GRANT SELECT, INSERT ON "audit_entries" TO shuangcha_app`);
    await q.query(`GRANT USAGE ON SEQUENCE "audit_entries_id_seq" TO shuangcha_app`);
    // Explicit although nothing above grants them: default privileges on the server may have, at CREATE TABLE.
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit_entries" FROM shuangcha_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit_entries"`);
    await q.query(`DROP FUNCTION reject_audit_entry_change()`);
  }
}
