import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ZodValidationPipe } from 'nestjs-zod';
import {
  notificationIdSchema,
  notificationListQuerySchema,
  type NotificationList,
  type NotificationListQuery,
  type NotificationRead,
} from '@shuangcha/contracts/http';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { IdempotencyKey } from '../idempotency/idempotency-key.decorator';
import { ApiIdempotencyKey, ApiProblem } from '../openapi/api-problem.decorator';
import { NotificationListDto, NotificationReadDto } from '../openapi/dtos';
import { Can } from '../policy/can.decorator';
import { NotificationsService } from './notifications.service';

/**
 * Reminders, graded warnings, escalations and reassignments the workflows sent to the caller (DOMAIN §7).
 * Both routes work on the caller's own inbox, hence the Inbox rule; need-to-know is the query's.
 */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(@Inject(NotificationsService) private readonly notifications: NotificationsService) {}

  @Get()
  @Can('read', 'Inbox')
  @ApiOperation({
    summary: "The caller's notifications, newest first, with their case and task and the unread count",
  })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: '1-200, default 50' })
  @ApiQuery({ name: 'cursor', required: false, type: String, description: 'nextCursor of the previous page' })
  @ApiOkResponse({ type: NotificationListDto })
  @ApiProblem(400, 'VALIDATION_FAILED, including a cursor this API did not return')
  list(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(notificationListQuerySchema)) query: NotificationListQuery,
  ): Promise<NotificationList> {
    return this.notifications.list(principal, query);
  }

  @Post(':id/read')
  @HttpCode(200)
  @Can('read', 'Inbox')
  @ApiOperation({ summary: 'Mark one of your notifications read; marking it again keeps the first read time' })
  @ApiParam({ name: 'id', description: 'notification id' })
  @ApiOkResponse({ type: NotificationReadDto })
  @ApiIdempotencyKey('A retry with the same key answers the stored response')
  @ApiProblem(404, 'NOTIFICATION_NOT_FOUND: unknown, or not yours')
  @ApiProblem(422, 'IDEMPOTENCY_KEY_REUSED')
  markRead(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', new ZodValidationPipe(notificationIdSchema)) notificationId: string,
  ): Promise<NotificationRead> {
    return this.notifications.markRead(principal, key, notificationId);
  }
}
