import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The official holiday and make-up-workday schedule of one year, imported for the deadline calendar. */
@Entity({ name: 'holiday_years' })
export class HolidayYearEntity {
  @PrimaryColumn({ name: 'year', type: 'integer', primaryKeyConstraintName: 'pk_holiday_years' })
  year!: number;

  @Column({ name: 'schedule', type: 'jsonb' })
  schedule!: unknown;

  /** Where the schedule came from (State Council notice, package version), for the calendar-change audit. */
  @Column({ name: 'source', type: 'text' })
  source!: string;

  @Column({ name: 'imported_by', type: 'text' })
  importedBy!: string;

  @Column({ name: 'imported_at', type: 'timestamptz' })
  importedAt!: Date;
}
