import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The periods a case's responsibility trace-back covers, so a second trace-back of the same unit and period
 * is linked to the filed one instead of opened again (DOMAIN §3, AR art. 9). Existing rows start with none:
 * the next projection of a case whose trace-back runs fills it.
 */
export class AddCaseTraceBackIntervals1765650000000 implements MigrationInterface {
  name = 'AddCaseTraceBackIntervals1765650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "cases" ADD "trace_back_intervals" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "cases" DROP COLUMN "trace_back_intervals"`);
  }
}
