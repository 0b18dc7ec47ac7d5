import { z } from 'zod';
import { unsafeTextProblem, UNSAFE_TEXT_MESSAGE } from '@shuangcha/domain/text';

/**
 * Every free-text field a person fills in (comments, reasons, problems, measures, titles, notes, filters):
 * at most `max` characters, and nothing PostgreSQL refuses or rewrites (NUL, unpaired surrogates) nor any
 * other control character but tab and newline. A decision whose text cannot be stored must fail at the
 * door, not after the workflow acted on it. Id-like fields keep their own patterns instead.
 */
export function safeText(max: number) {
  return z
    .string()
    .max(max)
    .refine((value) => unsafeTextProblem(value) === null, { message: UNSAFE_TEXT_MESSAGE });
}
