import type { MigrationInterface, QueryRunner } from 'typeorm';

const DATED = `"from_date" date NOT NULL, "to_date" date`;

/**
 * The org model with history (DOMAIN §4) and the accountability summary read model. The org tables are
 * replaced wholesale in one transaction after validation (OrgRepository.replaceOrg), so the app role needs
 * DELETE there but never UPDATE; the summary is an upserted projection.
 */
export class CreateOrgModel1764500000000 implements MigrationInterface {
  name = 'CreateOrgModel1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "persons" (
        "id" text NOT NULL, "ordinal" integer NOT NULL, "display_name" text NOT NULL,
        CONSTRAINT "pk_persons" PRIMARY KEY ("id")
      )`);
    await q.query(`
      CREATE TABLE "units" (
        "id" text NOT NULL, "ordinal" integer NOT NULL, "name" text NOT NULL, "parent_id" text, "kind" text NOT NULL,
        "valid_from" date NOT NULL, "valid_to" date,
        CONSTRAINT "pk_units" PRIMARY KEY ("id")
      )`);
    await q.query(`
      CREATE TABLE "bodies" (
        "id" text NOT NULL, "ordinal" integer NOT NULL, "unit_id" text NOT NULL, "kind" text NOT NULL, "name" text,
        CONSTRAINT "pk_bodies" PRIMARY KEY ("id")
      )`);
    await q.query(`
      CREATE TABLE "positions" (
        "id" text NOT NULL, "ordinal" integer NOT NULL, "body_id" text NOT NULL, "role" text NOT NULL,
        "single_holder" boolean NOT NULL, "title" text,
        CONSTRAINT "pk_positions" PRIMARY KEY ("id")
      )`);
    await q.query(`
      CREATE TABLE "tenures" (
        "ordinal" integer NOT NULL, "person_id" text NOT NULL, "position_id" text NOT NULL, ${DATED}, "acting" boolean NOT NULL,
        CONSTRAINT "pk_tenures" PRIMARY KEY ("ordinal")
      )`);
    await q.query(`
      CREATE TABLE "portfolios" (
        "ordinal" integer NOT NULL, "person_id" text NOT NULL, "body_id" text NOT NULL, "domain" text NOT NULL, ${DATED},
        CONSTRAINT "pk_portfolios" PRIMARY KEY ("ordinal")
      )`);
    await q.query(`
      CREATE TABLE "supervisions" (
        "ordinal" integer NOT NULL, "discipline_body_id" text NOT NULL, "unit_id" text NOT NULL, ${DATED},
        CONSTRAINT "pk_supervisions" PRIMARY KEY ("ordinal")
      )`);
    await q.query(`
      CREATE TABLE "managed_by" (
        "ordinal" integer NOT NULL, "person_id" text NOT NULL, "body_id" text NOT NULL, ${DATED},
        CONSTRAINT "pk_managed_by" PRIMARY KEY ("ordinal")
      )`);
    await q.query(`
      CREATE TABLE "meeting_decisions" (
        "id" text NOT NULL, "ordinal" integer NOT NULL, "body_id" text NOT NULL, "decided_on" date NOT NULL,
        "domain" text NOT NULL, "attendees" text array NOT NULL, "dissent" text array NOT NULL,
        CONSTRAINT "pk_meeting_decisions" PRIMARY KEY ("id")
      )`);
    await q.query(`
      CREATE TABLE "accountability_summaries" (
        "case_id" text NOT NULL,
        "summary" jsonb NOT NULL,
        "projection_version" bigint NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_accountability_summaries" PRIMARY KEY ("case_id")
      )`);

    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'shuangcha_app') THEN
          CREATE ROLE shuangcha_app NOLOGIN;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    await q.query(`
      GRANT SELECT, INSERT, DELETE ON "persons", "units", "bodies", "positions", "tenures", "portfolios",
        "supervisions", "managed_by", "meeting_decisions" TO shuangcha_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON "accountability_summaries" TO shuangcha_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'accountability_summaries',
      'meeting_decisions',
      'managed_by',
      'supervisions',
      'portfolios',
      'tenures',
      'positions',
      'bodies',
      'units',
      'persons',
    ]) {
      await q.query(`DROP TABLE "${table}"`);
    }
  }
}
