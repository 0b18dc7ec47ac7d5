import { z } from 'zod';
import { MEASURE_KINDS } from '@shuangcha/domain/case';
import { measureLogSchema } from '../investigative-measures';
import { peopleMapSchema } from './people';

/** `POST /cases/{id}/measures`: the actor is the token's subject. */
export const measureLogBodySchema = measureLogSchema
  .omit({ actorId: true })
  .strict()
  .meta({ example: { kind: 'FREEZE', purpose: '冻结张某名下收受回扣所用银行账户' } });
export type MeasureLogBody = z.infer<typeof measureLogBodySchema>;

export const measureLogResultSchema = z
  .object({
    measureId: z.string(),
    status: z.enum(['PENDING_APPROVAL', 'RECORDED', 'REFUSED']),
    approvalTaskId: z.string().optional(),
  })
  .strict();

export const measureSchema = z
  .object({
    measureId: z.string(),
    stage: z.string(),
    kind: z.enum(MEASURE_KINDS),
    purpose: z.string(),
    loggedBy: z.string(),
    loggedAt: z.string().meta({ description: 'real time (ISO 8601)' }),
    status: z.enum(['PENDING_APPROVAL', 'RECORDED', 'REFUSED']),
    takenOn: z.string().nullable().meta({ description: 'YYYY-MM-DD on the case clock; null until approved' }),
    approvalTaskId: z.string().nullable(),
    approverIds: z.array(z.string()),
    refusal: z.string().nullable(),
    limit: z.object({ amount: z.number().int(), unit: z.enum(['wd', 'd', 'm']) }).nullable(),
    dueOn: z
      .string()
      .nullable()
      .meta({ description: 'the last day the measure may last (YYYY-MM-DD, case calendar); null without a limit' }),
  })
  .strict();

/** `GET /cases/{id}/measures`: the investigative measures logged on the case, oldest first. */
export const measureListSchema = z
  .object({ caseId: z.string(), items: z.array(measureSchema), people: peopleMapSchema.optional() })
  .strict();
export type MeasureList = z.infer<typeof measureListSchema>;
