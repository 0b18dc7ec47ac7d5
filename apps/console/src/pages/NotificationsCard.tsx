import { Button, Card, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Schemas } from '../api/client';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDateTime, label, pageOf } from '../components/labels';
import { useNotifications } from '../components/notifications';

type Notification = Schemas['Notification'];

/** Reminders, escalations, warnings and reassignments I have not read yet, each with a way to mark it read. */
export function NotificationsCard() {
  const { t, i18n } = useTranslation();
  const { unread, unreadCount, error, markRead } = useNotifications();
  const [marking, setMarking] = useState<string | null>(null);
  const [markError, setMarkError] = useState<unknown>(null);

  const read = async (notificationId: string) => {
    setMarking(notificationId);
    try {
      await markRead(notificationId);
      setMarkError(null);
    } catch (caught) {
      setMarkError(caught);
    } finally {
      setMarking(null);
    }
  };

  return (
    <Card
      id="notifications"
      title={
        <h2 className="card-heading notifications-heading">
          {t('notifications.title')}{' '}
          <span className="notifications-unread">{t('notifications.unread', { count: unreadCount })}</span>
        </h2>
      }
    >
      <ProblemAlert error={error ?? markError} />
      <Table<Notification>
        rowKey="notificationId"
        size="small"
        loading={unread === null && !error}
        dataSource={unread ?? []}
        pagination={false}
        locale={{ emptyText: <span className="empty-text">{t('notifications.empty')}</span> }}
        columns={[
          {
            title: t('notifications.kind'),
            key: 'kind',
            width: 140,
            render: (_, n) => (
              <Tag className={`state notification-${n.kind}`} data-kind={n.kind}>
                {t(`notifications.kinds.${n.kind}`)}
                {n.kind === 'escalation' && n.level > 0 && ` · ${t('myWork.escalationLevel', { level: n.level })}`}
              </Tag>
            ),
          },
          {
            title: t('myWork.case'),
            key: 'case',
            render: (_, n) => (
              <Link to={pageOf({ caseId: n.caseId, stage: n.task?.stage ?? '' })} className="case-ref">
                {n.caseNo ?? n.caseId}
              </Link>
            ),
          },
          {
            title: t('myWork.stage'),
            key: 'stage',
            render: (_, n) =>
              n.task ? `${label(t, 'stage', n.task.stage)} · ${label(t, 'taskKind', n.task.kind)}` : t('common.none'),
          },
          {
            title: t('notifications.at'),
            key: 'at',
            render: (_, n) => <Typography.Text>{formatDateTime(n.at, i18n.language)}</Typography.Text>,
          },
          {
            title: '',
            key: 'action',
            width: 110,
            render: (_, n) => (
              <Button
                size="small"
                loading={marking === n.notificationId}
                onClick={() => void read(n.notificationId)}
                aria-label={`${t('notifications.markRead')} ${n.caseNo ?? n.caseId} ${t(`notifications.kinds.${n.kind}`)}`}
              >
                {t('notifications.markRead')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
