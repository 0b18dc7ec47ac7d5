import { App as AntApp, Button, Card, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../api/client';
import { ProblemAlert } from '../components/ProblemAlert';
import { useNotifications } from '../components/notifications';
import { useDirectory } from '../components/directory';
import { TaskConcerns } from '../components/TaskConcerns';
import { formatDateTime, label, pageOf, warningClass, workingDaysUntil } from '../components/labels';
import { DecisionDialog } from './DecisionDialog';
import { NotificationsCard } from './NotificationsCard';

type InboxTask = Schemas['InboxTask'];
type PeopleMap = Schemas['PeopleMap'];

/** Overdue first, then the nearest due date: what must be done today is on top. */
export function inboxOrder(a: InboxTask, b: InboxTask): number {
  return Number(b.overdue) - Number(a.overdue) || Date.parse(a.dueAt) - Date.parse(b.dueAt);
}

/** 我的待办: what waits for me, how long I have, and a way to decide it. */
export function MyWorkPage() {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const notifications = useNotifications();
  const [tasks, setTasks] = useState<InboxTask[] | null>(null);
  const [people, setPeople] = useState<PeopleMap | undefined>(undefined);
  const directory = useDirectory(people);
  const [error, setError] = useState<unknown>(null);
  const [deciding, setDeciding] = useState<InboxTask | null>(null);
  /** The inbox's next page, while there is one: a busy officer's tasks can exceed one page. */
  const [nextCursor, setNextCursor] = useState<string | undefined>(undefined);

  const load = useCallback(async () => {
    try {
      const inbox = await call(api.GET('/tasks', { params: { query: { limit: 200 } } }));
      setTasks([...inbox.items].sort(inboxOrder));
      setPeople(inbox.people);
      setNextCursor(inbox.nextCursor);
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  }, []);
  const loadMore = async (cursor: string) => {
    try {
      const inbox = await call(api.GET('/tasks', { params: { query: { limit: 200, cursor } } }));
      setTasks((shown) => [...(shown ?? []), ...inbox.items].sort(inboxOrder));
      setPeople((known) => ({ ...known, ...inbox.people }));
      setNextCursor(inbox.nextCursor);
    } catch (caught) {
      setError(caught);
    }
  };
  useEffect(() => {
    void load();
  }, [load]);

  const overdue = tasks?.filter((task) => task.overdue).length ?? 0;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div className="page-heading">
        <Typography.Title level={2}>{t('myWork.title')}</Typography.Title>
        <Button onClick={() => void Promise.all([load(), notifications.reload()])}>{t('common.refresh')}</Button>
      </div>
      <NotificationsCard />
      <ProblemAlert error={error} />
      <Card>
        {tasks && (
          <Typography.Paragraph className="inbox-count">
            {t('myWork.count', { count: tasks.length, overdue })}
          </Typography.Paragraph>
        )}
        <Table<InboxTask>
          rowKey="taskId"
          loading={tasks === null && !error}
          dataSource={tasks ?? []}
          pagination={false}
          locale={{ emptyText: <span className="empty-text">{t('myWork.empty')}</span> }}
          rowClassName={(task) => (task.overdue ? 'row-overdue' : '')}
          columns={[
            {
              title: t('myWork.status'),
              key: 'status',
              width: 120,
              render: (_, task) => (
                <Space orientation="vertical" size={2}>
                  <Tag className={warningClass(task.warningLevel)} data-warning={task.warningLevel}>
                    {label(t, 'warning', task.warningLevel)}
                  </Tag>
                  {task.suspended && <Tag>{t('common.suspended')}</Tag>}
                  {task.inboxReason !== 'ASSIGNED' && (
                    <Tag
                      className={`state inbox-reason reason-${task.inboxReason}`}
                      data-inbox-reason={task.inboxReason}
                    >
                      {t(`myWork.reason.${task.inboxReason}`)}
                    </Tag>
                  )}
                </Space>
              ),
            },
            {
              title: t('myWork.case'),
              key: 'case',
              render: (_, task) => (
                <Link to={pageOf(task)} className="case-ref">
                  {task.caseId}
                </Link>
              ),
            },
            { title: t('myWork.stage'), key: 'stage', render: (_, task) => label(t, 'stage', task.stage) },
            {
              title: t('myWork.task'),
              key: 'kind',
              render: (_, task) => (
                <Space orientation="vertical" size={2}>
                  {label(t, 'taskKind', task.kind)}
                  <TaskConcerns personId={task.concernsPersonId} directory={directory} />
                  {task.inboxReason === 'ESCALATED' && (
                    <Typography.Text type="secondary" className="held-by">
                      {t('myWork.heldBy', {
                        name: directory.personName(task.assigneeId),
                        post: directory.personPost(task.assigneeId),
                      })}
                    </Typography.Text>
                  )}
                </Space>
              ),
            },
            {
              title: t('myWork.due'),
              key: 'due',
              render: (_, task) => (
                <span>
                  {formatDateTime(task.dueAt, i18n.language)}
                  {task.dueProvisional && <Tag className="tag-inline">{t('common.provisional')}</Tag>}
                </span>
              ),
            },
            {
              title: (
                <Tooltip title={t('myWork.remainingHint')}>
                  <span>{t('myWork.remaining')}</span>
                </Tooltip>
              ),
              key: 'remaining',
              render: (_, task) => {
                const days = workingDaysUntil(task.dueAt);
                return task.overdue || days < 0 ? (
                  <Typography.Text type="danger" strong>
                    {t('myWork.overdueBy', { count: Math.abs(days) })}
                  </Typography.Text>
                ) : (
                  t('common.workingDays', { count: days })
                );
              },
            },
            {
              title: t('myWork.escalation'),
              key: 'escalation',
              render: (_, task) =>
                task.escalationLevel > 0 ? (
                  <Tag className="state state-escalated">
                    {t('myWork.escalationLevel', { level: task.escalationLevel })}
                  </Tag>
                ) : null,
            },
            {
              title: '',
              key: 'action',
              width: 90,
              render: (_, task) =>
                task.inboxReason === 'ESCALATED' ? (
                  // An escalation asks me to follow the task up with its holder, not to decide it for them.
                  <Link to={pageOf(task)} aria-label={`${t('myWork.followUp')} ${task.caseId}`}>
                    {t('myWork.followUp')}
                  </Link>
                ) : task.stage === 'rectification' ? (
                  <Link to={pageOf(task)} aria-label={`${t('myWork.fill')} ${task.caseId}`}>
                    {t('myWork.fill')}
                  </Link>
                ) : (
                  <Button
                    type="primary"
                    size="small"
                    onClick={() => setDeciding(task)}
                    aria-label={`${t('myWork.decide')} ${task.caseId} ${label(t, 'stage', task.stage)}`}
                  >
                    {t('myWork.decide')}
                  </Button>
                ),
            },
          ]}
        />
        {nextCursor && (
          <Button className="inbox-more" onClick={() => void loadMore(nextCursor)}>
            {t('myWork.more')}
          </Button>
        )}
      </Card>
      {deciding && (
        <DecisionDialog
          task={deciding}
          onClose={() => setDeciding(null)}
          onDecided={(result) => {
            setDeciding(null);
            void message.success(t('decision.done', { outcome: label(t, 'outcome', result.outcome) }));
            void load();
          }}
        />
      )}
    </Space>
  );
}
