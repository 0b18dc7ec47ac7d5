import type { EntityManager } from 'typeorm';

export interface HolidayYearImport {
  year: number;
  /** The whole parsed schedule, stored as jsonb. */
  schedule: unknown;
  source: string;
  importedBy: string;
  importedAt: Date;
}

/** Inserts or replaces one year's schedule, inside the caller's transaction (it audits the import with it). */
export async function upsertHolidayYear(manager: EntityManager, row: HolidayYearImport): Promise<void> {
  await manager.query(
    `INSERT INTO holiday_years (year, schedule, source, imported_by, imported_at) VALUES ($1, $2::jsonb, $3, $4, $5)
             ON CONFLICT (year) DO UPDATE SET schedule = EXCLUDED.schedule, source = EXCLUDED.source,
               imported_by = EXCLUDED.imported_by, imported_at = EXCLUDED.imported_at`,
    [row.year, JSON.stringify(row.schedule), row.source, row.importedBy, row.importedAt],
  );
}
