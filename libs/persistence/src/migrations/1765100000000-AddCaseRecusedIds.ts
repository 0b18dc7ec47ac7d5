import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The people recused from a case (回避, DOMAIN §5), so lists, supervision views and exports leave the case
 * out for them as they do for its targets (DOMAIN §8: recused people are denied). Existing rows start
 * with none; the next projection of each open case fills the column.
 */
export class AddCaseRecusedIds1765100000000 implements MigrationInterface {
  name = 'AddCaseRecusedIds1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "cases" ADD "recused_ids" text array NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "cases" DROP COLUMN "recused_ids"`);
  }
}
