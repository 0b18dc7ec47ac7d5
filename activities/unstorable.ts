import { ApplicationFailure } from '@temporalio/common';
import { QueryFailedError } from 'typeorm';
import { InvalidProjectionError } from '@shuangcha/persistence';

/** Failure type of a write that can never succeed, however often Temporal retries it. */
export const PROJECTION_REJECTED = 'ProjectionRejected';

/**
 * SQLSTATE classes 22 (data exception) and 23 (integrity violation) depend only on the payload and the
 * stored rows, so a retry fails the same way; anything else (connection loss, deadlock, a missing grant
 * being fixed) may pass later and is left to the activity retry policy.
 */
export async function rejectingUnstorable<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof InvalidProjectionError) {
      throw ApplicationFailure.create({ type: PROJECTION_REJECTED, message: error.message, nonRetryable: true });
    }
    const code: unknown =
      error instanceof QueryFailedError ? (error.driverError as { code?: unknown }).code : undefined;
    if (typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'))) {
      throw ApplicationFailure.create({
        type: PROJECTION_REJECTED,
        message: `SQLSTATE ${code}: ${(error as Error).message}`,
        nonRetryable: true,
      });
    }
    throw error;
  }
}
