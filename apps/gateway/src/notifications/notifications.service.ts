import { Inject, Injectable } from '@nestjs/common';
import {
  ProblemCode,
  type NotificationList,
  type NotificationListQuery,
  type NotificationRead,
} from '@shuangcha/contracts/http';
import { NotificationQueries } from '@shuangcha/persistence';
import type { Principal } from '../auth/principal';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { ProblemException } from '../problem/problem.exception';
import { withCursor } from '../supervision/supervision.service';

/** The caller's own notifications; nobody reads or marks another person's. */
@Injectable()
export class NotificationsService {
  constructor(
    @Inject(NotificationQueries) private readonly queries: NotificationQueries,
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
  ) {}

  async list(principal: Principal, query: NotificationListQuery): Promise<NotificationList> {
    const [page, unreadCount] = await Promise.all([
      withCursor(query.cursor, () => this.queries.inboxOf(principal.personId, query)),
      this.queries.unreadCount(principal.personId),
    ]);
    return {
      items: page.items.map(({ readAt, ...n }) => ({ ...n, read: readAt !== null, readAt })),
      unreadCount,
      ...(page.nextCursor !== null && { nextCursor: page.nextCursor }),
    };
  }

  /** Idempotent twice over: the first read time stays, and a retried key answers the stored response. */
  async markRead(principal: Principal, key: string, notificationId: string): Promise<NotificationRead> {
    const { response } = await this.idempotency.run(
      { principalId: principal.personId, key, route: 'POST /notifications/:id/read', body: { notificationId } },
      async () => {
        const read = await this.queries.markRead(principal.personId, notificationId);
        if (!read) throw new ProblemException(ProblemCode.NotificationNotFound, `no notification ${notificationId}`);
        return { notificationId, readAt: read.readAt };
      },
    );
    return response;
  }
}
