import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  chineseDaysSchedules,
  HolidayCalendar,
  parseYearSchedule,
  type YearSchedule,
} from '@shuangcha/domain/calendar';
import { HolidayYearEntity } from '@shuangcha/persistence';

/** Years the package is asked about; it answers only for the years it has published. */
const PACKAGE_YEARS: [number, number] = [2004, 2100];
let packageSchedules: YearSchedule[] | undefined;

/**
 * The same working-day calendar the workflows compute deadlines with (the worker's calendar activity):
 * chinese-days' published years, overlaid by every year an admin imported from a State Council notice.
 * The imports are read per request so an import is visible at once; the calendar is rebuilt only when
 * they changed (building one over the package's ~100 years costs milliseconds on every supervision list).
 */
@Injectable()
export class HolidayCalendarService {
  private built: { imports: string; calendar: HolidayCalendar } | undefined;

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async current(): Promise<HolidayCalendar> {
    const imported = await this.dataSource.getRepository(HolidayYearEntity).find({ order: { year: 'ASC' } });
    const imports = JSON.stringify(imported.map((row) => [row.year, row.schedule]));
    if (this.built?.imports === imports) return this.built.calendar;
    packageSchedules ??= chineseDaysSchedules(...PACKAGE_YEARS);
    const byYear = new Map<number, YearSchedule>(packageSchedules.map((s) => [s.year, s]));
    for (const row of imported) {
      const parsed = parseYearSchedule(row.schedule);
      // A row that no longer parses would silently shift the stall bound; the package's data stands instead.
      if (parsed.ok) byYear.set(row.year, parsed.schedule);
    }
    const calendar = HolidayCalendar.fromSchedules([...byYear.values()]);
    this.built = { imports, calendar };
    return calendar;
  }
}
