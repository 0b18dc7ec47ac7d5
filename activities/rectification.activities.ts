import { Injectable } from '@nestjs/common';
import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource, QueryFailedError } from 'typeorm';
import type {
  AccountabilitySuggestionRecord,
  RectificationActivities,
  RectificationItemProjection,
  RectificationListProjection,
} from '@shuangcha/contracts';
import {
  insertAccountabilitySuggestion,
  InvalidProjectionError,
  upsertRectificationItem,
  upsertRectificationList,
} from '@shuangcha/persistence';

const PROJECTION_REJECTED = 'ProjectionRejected';

/** As in ProjectionActivitiesImpl: data and integrity errors fail the same way on every retry. */
async function rejectingUnstorable<T>(write: () => Promise<T>): Promise<T> {
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

/**
 * 整改 read model. Idempotent by key: list and item rows keep the highest projectionVersion, a suggestion
 * is written once per item. Audit entries go through ProjectionActivitiesImpl.appendAudit (the list's
 * chain). Methods only: `bindActivities` registers every prototype method.
 */
@Injectable()
export class RectificationActivitiesImpl implements RectificationActivities {
  constructor(private readonly dataSource: DataSource) {}

  async projectRectificationList(projection: RectificationListProjection): Promise<void> {
    const written = await rejectingUnstorable(() => upsertRectificationList(this.dataSource.manager, projection));
    log.debug(written ? 'rectification list projected' : 'stale rectification list projection skipped', {
      listId: projection.listId,
      projectionVersion: projection.projectionVersion,
    });
  }

  async projectRectificationItem(projection: RectificationItemProjection): Promise<void> {
    const written = await rejectingUnstorable(() => upsertRectificationItem(this.dataSource.manager, projection));
    log.debug(written ? 'rectification item projected' : 'stale rectification item projection skipped', {
      listId: projection.listId,
      itemKey: projection.itemKey,
      projectionVersion: projection.projectionVersion,
    });
  }

  async recordAccountabilitySuggestion(suggestion: AccountabilitySuggestionRecord): Promise<void> {
    const written = await rejectingUnstorable(() =>
      insertAccountabilitySuggestion(this.dataSource.manager, suggestion),
    );
    log.info(
      written
        ? 'accountability suggested for an overdue rectification item'
        : 'accountability suggestion already recorded',
      {
        listId: suggestion.listId,
        itemKey: suggestion.itemKey,
        suggestionKey: suggestion.suggestionKey,
      },
    );
  }
}
