import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The person a task is about (a recusal decision, a replacement, a re-check of past actions) as a column, so
 * titles carry no person ids and the gateway shows the person by name and post. Existing rows read as none
 * until their task is projected again; their titles keep the id they were written with.
 */
export class AddTaskConcernsPerson1765770000000 implements MigrationInterface {
  name = 'AddTaskConcernsPerson1765770000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "case_tasks" ADD "concerns_person_id" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "case_tasks" DROP COLUMN "concerns_person_id"`);
  }
}
