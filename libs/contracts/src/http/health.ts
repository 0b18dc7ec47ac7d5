import { z } from 'zod';

export const livenessSchema = z.object({ status: z.literal('ok') });
export const readinessSchema = z.object({
  status: z.literal('ready'),
  checks: z.object({
    database: z.literal('ok'),
    migrations: z.literal('ok'),
    temporal: z.literal('ok'),
    worker: z.literal('ok'),
  }),
});
export type Readiness = z.infer<typeof readinessSchema>;
