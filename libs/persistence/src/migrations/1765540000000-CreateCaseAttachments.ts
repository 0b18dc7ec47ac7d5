import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case file (卷宗, issue 13): one row per attachment or issued document, pointing at an object in the
 * store by its SHA-256. Rows are never changed or removed (the app role may only insert and read), so an
 * attachment can never be deleted while its case is open, or later: a case file is archived whole. An
 * upload's Idempotency-Key is unique per uploader, so a retried upload finds the row of the first; an issued
 * document's kind and version are unique per case, so two issues never share a version.
 */
export class CreateCaseAttachments1765540000000 implements MigrationInterface {
  name = 'CreateCaseAttachments1765540000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "case_attachments" (
        "attachment_id" text NOT NULL,
        "case_id" text NOT NULL,
        "sha256" text NOT NULL,
        "size_bytes" bigint NOT NULL,
        "content_type" text NOT NULL,
        "file_name" text NOT NULL,
        "kind" text NOT NULL,
        "stage" text NOT NULL,
        "task_id" text,
        "rectification_list_id" text,
        "rectification_item_key" text,
        "document_kind" text,
        "document_version" integer,
        "document_no" text,
        "added_by" text NOT NULL,
        "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "request_key" text NOT NULL,
        CONSTRAINT "pk_case_attachments" PRIMARY KEY ("attachment_id"),
        CONSTRAINT "ck_case_attachments_sha256" CHECK ("sha256" ~ '^[0-9a-f]{64}$'),
        CONSTRAINT "ck_case_attachments_size" CHECK ("size_bytes" >= 0),
        CONSTRAINT "ck_case_attachments_item" CHECK (("rectification_list_id" IS NULL) = ("rectification_item_key" IS NULL)),
        CONSTRAINT "ck_case_attachments_document" CHECK (("document_kind" IS NULL) = ("document_version" IS NULL)),
        CONSTRAINT "uq_case_attachments_request" UNIQUE ("added_by", "request_key"),
        CONSTRAINT "uq_case_attachments_document_version" UNIQUE ("case_id", "document_kind", "document_version")
      )`);
    await q.query(`CREATE INDEX "ix_case_attachments_case_id_added_at" ON "case_attachments" ("case_id", "added_at")`);
    await q.query(`CREATE INDEX "ix_case_attachments_sha256" ON "case_attachments" ("sha256")`);
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'shuangcha_app') THEN
          CREATE ROLE shuangcha_app NOLOGIN;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    await q.query(`GRANT SELECT, INSERT ON "case_attachments" TO shuangcha_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "case_attachments"`);
  }
}
