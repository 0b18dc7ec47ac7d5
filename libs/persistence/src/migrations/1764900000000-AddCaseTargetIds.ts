import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The people a case is about, so lists can leave the case out for them even when they are staff of the
 * same jurisdiction (DOMAIN §8: subjects never see their own case). Existing rows start with none; the
 * next projection of each open case fills the column.
 */
export class AddCaseTargetIds1764900000000 implements MigrationInterface {
  name = 'AddCaseTargetIds1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "cases" ADD "target_ids" text array NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "cases" DROP COLUMN "target_ids"`);
  }
}
