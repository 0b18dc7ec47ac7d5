import { z } from 'zod';

const policyVersionSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,40}$/, 'must be a policy version such as dom-2026.1')
  .optional();

/**
 * A period as the policy counts it (DOMAIN §7): from an event on `from` (a Shanghai local date, not
 * counted), exactly one of working days, calendar days or months.
 */
export const dueDateQuerySchema = z
  .object({
    from: z.iso.date().meta({ example: '2026-09-30' }),
    workingDays: z.coerce.number().int().min(1).max(500).optional(),
    calendarDays: z.coerce.number().int().min(1).max(3660).optional(),
    months: z.coerce.number().int().min(1).max(120).optional(),
    /** The policy whose arithmetic answers; default the gateway's default policy. */
    policyVersion: policyVersionSchema,
  })
  .strict()
  .superRefine((q, ctx) => {
    const given = [q.workingDays, q.calendarDays, q.months].filter((v) => v !== undefined).length;
    if (given !== 1)
      ctx.addIssue({
        code: 'custom',
        path: ['workingDays'],
        message: 'give exactly one of workingDays, calendarDays, months',
      });
  });
export type DueDateQuery = z.infer<typeof dueDateQuerySchema>;

/**
 * Which clock a timestamp is on: `real` is wall-clock time; `case` is the case time of a compressed policy
 * (demos, e2e), on which the calendar arithmetic runs while real time passes `1/timeScale` times slower.
 */
export const clockKindSchema = z.enum(['real', 'case']);
export type ClockKind = z.infer<typeof clockKindSchema>;

export const dueDateViewSchema = z.object({
  from: z.string(),
  amount: z.number().int(),
  unit: z.enum(['wd', 'd', 'm']),
  /** The due Shanghai local date. */
  dueDate: z.string(),
  /** Its end, 23:59:59.999 +08:00, on `clock`. */
  dueAt: z.string(),
  clock: clockKindSchema,
  /** True when a year without a known holiday schedule was counted on plain weekdays. */
  provisional: z.boolean(),
  policyVersion: z.string(),
  timeScale: z.number(),
});
export type DueDateView = z.infer<typeof dueDateViewSchema>;
