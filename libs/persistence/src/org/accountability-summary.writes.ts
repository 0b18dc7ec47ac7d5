import type { EntityManager } from 'typeorm';
import type { AccountabilitySummaryProjection } from '@shuangcha/contracts';
import { AccountabilitySummaryEntity } from '../entities/accountability-summary.entity';

/** Upserts the summary; returns false when the stored row already has this or a newer projectionVersion. */
export async function upsertAccountabilitySummary(
  manager: EntityManager,
  projection: AccountabilitySummaryProjection,
): Promise<boolean> {
  const written: unknown[] = await manager.query(
    `INSERT INTO "accountability_summaries" AS existing ("case_id", "summary", "projection_version")
     VALUES ($1, $2::jsonb, $3)
     ON CONFLICT ("case_id") DO UPDATE SET "summary" = EXCLUDED."summary", "projection_version" = EXCLUDED."projection_version", "updated_at" = now()
     WHERE existing.projection_version < EXCLUDED.projection_version
     RETURNING 1`,
    [projection.caseId, JSON.stringify(projection.summary), projection.projectionVersion],
  );
  return written.length === 1;
}

export async function findAccountabilitySummary(
  manager: EntityManager,
  caseId: string,
): Promise<AccountabilitySummaryEntity | null> {
  return manager.getRepository(AccountabilitySummaryEntity).findOneBy({ caseId });
}
