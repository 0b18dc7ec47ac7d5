import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Export jobs of a case file (issue 13 item 4): a large case's zip is built in the background into the
 * object store, and the row shows how far it got. Rows are updated while the archive is built (progress,
 * then the finished archive's checksum or the failure) and never deleted: they record who exported what.
 * A request's Idempotency-Key is unique per requester, so a retried request finds the first job.
 */
export class CreateCaseFileExports1765600000000 implements MigrationInterface {
  name = 'CreateCaseFileExports1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "case_file_exports" (
        "export_id" text NOT NULL,
        "case_id" text NOT NULL,
        "requested_by" text NOT NULL,
        "request_key" text NOT NULL,
        "status" text NOT NULL,
        "files_total" integer NOT NULL,
        "files_done" integer NOT NULL DEFAULT 0,
        "bytes_total" bigint NOT NULL,
        "bytes_done" bigint NOT NULL DEFAULT 0,
        "sha256" text,
        "size_bytes" bigint,
        "error" text,
        "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "completed_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "pk_case_file_exports" PRIMARY KEY ("export_id"),
        CONSTRAINT "ck_case_file_exports_status" CHECK ("status" IN ('RUNNING', 'DONE', 'FAILED')),
        CONSTRAINT "ck_case_file_exports_done" CHECK (("status" = 'DONE') = ("sha256" IS NOT NULL)),
        CONSTRAINT "ck_case_file_exports_sha256" CHECK ("sha256" ~ '^[0-9a-f]{64}$'),
        CONSTRAINT "uq_case_file_exports_request" UNIQUE ("requested_by", "request_key")
      )`);
    await q.query(`CREATE INDEX "ix_case_file_exports_case_id" ON "case_file_exports" ("case_id", "requested_at")`);
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'shuangcha_app') THEN
          CREATE ROLE shuangcha_app NOLOGIN;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON "case_file_exports" TO shuangcha_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "case_file_exports"`);
  }
}
