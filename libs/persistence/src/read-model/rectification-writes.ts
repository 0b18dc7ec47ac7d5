import type { EntityManager } from 'typeorm';
import type {
  AccountabilitySuggestionRecord,
  RectificationItemProjection,
  RectificationListProjection,
} from '@shuangcha/contracts';
import {
  RectificationItemEntity,
  RectificationListEntity,
  RectificationSuggestionEntity,
} from '../entities/rectification.entity';
import { writeRow } from './projection-writes';
import {
  toRectificationItemEntity,
  toRectificationListEntity,
  toRectificationSuggestionEntity,
} from './rectification.mapper';

/** Upserts the list row; false when the stored row already has this or a newer projectionVersion. */
export function upsertRectificationList(
  manager: EntityManager,
  projection: RectificationListProjection,
): Promise<boolean> {
  return writeRow(manager, RectificationListEntity, toRectificationListEntity(projection), 'update-if-newer');
}

/** Upserts the item row; false when the stored row already has this or a newer projectionVersion. */
export function upsertRectificationItem(
  manager: EntityManager,
  projection: RectificationItemProjection,
): Promise<boolean> {
  return writeRow(manager, RectificationItemEntity, toRectificationItemEntity(projection), 'update-if-newer');
}

/** Records the suggestion once; false when its suggestionKey was already recorded. */
export function insertAccountabilitySuggestion(
  manager: EntityManager,
  suggestion: AccountabilitySuggestionRecord,
): Promise<boolean> {
  return writeRow(manager, RectificationSuggestionEntity, toRectificationSuggestionEntity(suggestion), 'do-nothing');
}
