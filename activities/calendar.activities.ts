import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CalendarActivities } from '@shuangcha/contracts';
import { chineseDaysSchedules, parseYearSchedule, type YearSchedule } from '@shuangcha/domain/calendar';
import { HolidayYearEntity } from '@shuangcha/persistence';

/** Earliest and latest years the package is asked about; it answers only for the years it publishes. */
const PACKAGE_YEARS: [number, number] = [2004, 2100];

/**
 * The working-day calendar workflows compute with: the published years from `chinese-days`, overlaid by
 * every year an admin imported from a State Council notice (an import wins, so a corrected notice can
 * replace the package's data). Workflows receive it through this activity so their replay never depends
 * on which package version is installed.
 */
@Injectable()
export class CalendarActivitiesImpl implements CalendarActivities {
  constructor(private readonly dataSource: DataSource) {}

  async loadHolidaySchedules(): Promise<YearSchedule[]> {
    const imported = await this.dataSource.getRepository(HolidayYearEntity).find({ order: { year: 'ASC' } });
    const byYear = new Map<number, YearSchedule>(chineseDaysSchedules(...PACKAGE_YEARS).map((s) => [s.year, s]));
    for (const row of imported) {
      const parsed = parseYearSchedule(row.schedule);
      // A row that no longer parses would silently shift deadlines; skip it and keep the package's data.
      if (parsed.ok) byYear.set(row.year, parsed.schedule);
    }
    return [...byYear.values()].sort((a, b) => a.year - b.year);
  }
}
