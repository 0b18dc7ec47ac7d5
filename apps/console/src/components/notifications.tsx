import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, call, newIdempotencyKey, type Schemas } from '../api/client';

type Notification = Schemas['Notification'];

export interface Notifications {
  /** Unread notifications, newest first; null until the first answer. */
  unread: Notification[] | null;
  unreadCount: number;
  error: unknown;
  reload: () => Promise<void>;
  markRead: (notificationId: string) => Promise<void>;
}

const NotificationsContext = createContext<Notifications | null>(null);

/**
 * One copy of my notifications for the header badge and the list on My work, so marking one read on the
 * page lowers the count in the header at once.
 */
export function NotificationsProvider({ children }: { children: ReactNode }) {
  const [unread, setUnread] = useState<Notification[] | null>(null);
  const [unreadCount, setUnreadCount] = useState(0);
  const [error, setError] = useState<unknown>(null);

  const reload = useCallback(async () => {
    try {
      const list = await call(api.GET('/notifications', { params: { query: { limit: 200 } } }));
      setUnread(list.items.filter((n) => !n.read));
      setUnreadCount(list.unreadCount);
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  }, []);

  const markRead = useCallback(
    async (notificationId: string) => {
      await call(
        api.POST('/notifications/{id}/read', {
          params: { path: { id: notificationId }, header: { 'Idempotency-Key': newIdempotencyKey() } },
        }),
      );
      await reload();
    },
    [reload],
  );

  useEffect(() => {
    void reload();
  }, [reload]);

  const value = useMemo(
    () => ({ unread, unreadCount, error, reload, markRead }),
    [unread, unreadCount, error, reload, markRead],
  );
  return <NotificationsContext.Provider value={value}>{children}</NotificationsContext.Provider>;
}

export function useNotifications(): Notifications {
  const notifications = useContext(NotificationsContext);
  if (!notifications) throw new Error('NotificationsProvider is missing');
  return notifications;
}
