import { Injectable } from '@nestjs/common';
import { log } from '@temporalio/activity';
import { DataSource } from 'typeorm';
import type {
  AccountabilitySuggestionRecord,
  RectificationActivities,
  RectificationItemProjection,
  RectificationListProjection,
} from '@shuangcha/contracts';
import {
  insertAccountabilitySuggestion,
  upsertRectificationItem,
  upsertRectificationList,
} from '@shuangcha/persistence';
import { rejectingUnstorable } from './unstorable';

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
