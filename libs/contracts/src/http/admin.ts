import { z } from 'zod';
import { safeText } from '../safe-text';

/**
 * A year as an admin transcribes it from the State Council notice. Only the shape is checked here; the
 * date rules (in the year, no duplicates, make-up workdays on weekends) are `parseYearSchedule`'s, which
 * reports every problem at once.
 */
export const calendarYearInputSchema = z
  .object({
    year: z.number().int(),
    holidays: z.array(safeText(10)).max(60),
    makeUpWorkdays: z.array(safeText(10)).max(20),
    source: safeText(200),
  })
  .strict();

export const calendarImportBodySchema = z
  .object({ years: z.array(calendarYearInputSchema).min(1).max(10) })
  .strict()
  .meta({
    example: {
      years: [
        {
          year: 2027,
          holidays: ['2027-01-01', '2027-02-05', '2027-02-08'],
          makeUpWorkdays: ['2027-02-07'],
          source: '国办发明电〔2026〕X号',
        },
      ],
    },
  });
export type CalendarImportBody = z.infer<typeof calendarImportBodySchema>;

export const calendarImportResultSchema = z.object({
  years: z.array(z.number().int()),
  signalledCases: z.number().int(),
});
export type CalendarImportResult = z.infer<typeof calendarImportResultSchema>;
