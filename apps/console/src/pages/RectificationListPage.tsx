import { App as AntApp, Button, Card, Descriptions, Progress, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, call, type Schemas } from '../api/client';
import { useSession } from '../auth/session';
import { ProblemAlert } from '../components/ProblemAlert';
import { useDirectory } from '../components/directory';
import { formatDateTime, label } from '../components/labels';
import { DecisionDialog, type DecidableTask } from './DecisionDialog';
import { RectificationReportDialog } from './RectificationReportDialog';

type Item = Schemas['RectificationItemRow'];
type InboxTask = Schemas['InboxTask'];

const STATE_CLASS: Record<Item['state'], string> = {
  OPEN: 'state state-yellow',
  IN_PROGRESS: 'state state-green',
  SUBMITTED: 'state state-submitted',
  VERIFIED_CLOSED: 'state state-done',
  REJECTED: 'state state-red',
};

/** Task titles name their item ("… item H1 of list …"); the workflow ids are opaque. */
const taskOfItem = (tasks: InboxTask[], stage: string, itemKey: string) =>
  tasks.find((task) => task.stage === stage && task.title.includes(`item ${itemKey} `));

/** 整改台账 of one list: each item's state, the responsible person's reports, the verifier's PASS/FAIL. */
export function RectificationListPage() {
  const { listId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const session = useSession();
  const [list, setList] = useState<Schemas['RectificationListDetailDto'] | null>(null);
  const directory = useDirectory(list?.people);
  const [myTasks, setMyTasks] = useState<InboxTask[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [reporting, setReporting] = useState<{ itemKey: string; mode: 'progress' | 'submit' } | null>(null);
  const [verifying, setVerifying] = useState<DecidableTask | null>(null);

  const load = useCallback(async () => {
    try {
      const [detail, inbox] = await Promise.all([
        call(api.GET('/rectification/lists/{id}', { params: { path: { id: listId } } })),
        call(api.GET('/tasks', { params: { query: { limit: 200 } } })),
      ]);
      setList(detail);
      setMyTasks(inbox.items.filter((task) => task.caseId === listId));
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  }, [listId]);
  useEffect(() => {
    void load();
  }, [load]);

  if (!list) return <ProblemAlert error={error} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div className="page-heading">
        <Typography.Title level={2}>
          {t('rect.title')} <span className="case-ref">{list.listNo}</span>
        </Typography.Title>
        <Button onClick={() => void load()}>{t('common.refresh')}</Button>
      </div>
      <ProblemAlert error={error} />
      <Card>
        <Descriptions column={3} size="small">
          <Descriptions.Item label={t('rect.source')}>{t(`rect.sourceValue.${list.source}`)}</Descriptions.Item>
          <Descriptions.Item label={t('case.status')}>{t(`rect.status.${list.status}`)}</Descriptions.Item>
          <Descriptions.Item label={t('rect.completion')}>
            <Space>
              <Progress
                aria-label={t('rect.completion')}
                percent={Math.round(list.completion.completionRate * 100)}
                size="small"
                style={{ width: 160 }}
                strokeColor="#166534"
              />
              {t('rect.completionValue', list.completion)}
            </Space>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card>
        <Table<Item>
          rowKey="itemKey"
          pagination={false}
          dataSource={list.items}
          rowClassName={(item) => (item.overdue ? 'row-overdue' : '')}
          columns={[
            {
              title: t('rect.item'),
              dataIndex: 'itemKey',
              key: 'k',
              render: (k: string) => <span className="case-ref">{k}</span>,
            },
            {
              title: t('rect.responsible'),
              key: 'p',
              render: (_, item) => (
                <span>
                  {directory.personName(item.responsiblePersonId)}
                  <span className="timeline-meta"> {directory.personPost(item.responsiblePersonId)}</span>
                </span>
              ),
            },
            { title: t('rect.unit'), key: 'u', render: (_, item) => directory.unitName(item.responsibleUnitId) },
            {
              title: t('rect.state'),
              key: 's',
              render: (_, item) => (
                <Space size={4} wrap>
                  <Tag className={STATE_CLASS[item.state]} data-state={item.state}>
                    {t(`rect.stateValue.${item.state}`)}
                  </Tag>
                  {item.reopenCount > 0 && (
                    <Tag className="state state-red">{t('rect.reopened', { count: item.reopenCount })}</Tag>
                  )}
                  {item.flaggedToSupervisors && <Tag className="state state-escalated">{t('rect.flagged')}</Tag>}
                </Space>
              ),
            },
            { title: t('rect.due'), key: 'd', render: (_, item) => formatDateTime(item.dueAt, i18n.language) },
            {
              title: t('rect.daysOverdue'),
              key: 'o',
              render: (_, item) =>
                item.overdue ? (
                  <Tag className="state state-overdue">{t('common.days', { count: item.daysOverdue })}</Tag>
                ) : null,
            },
            {
              title: '',
              key: 'actions',
              render: (_, item) => {
                const mine = item.responsiblePersonId === session?.personId;
                const working = taskOfItem(myTasks, 'rectification', item.itemKey);
                const verification = taskOfItem(myTasks, 'verification', item.itemKey);
                return (
                  <Space size={4}>
                    {mine && working && (
                      <>
                        <Button
                          size="small"
                          onClick={() => setReporting({ itemKey: item.itemKey, mode: 'progress' })}
                          aria-label={`${t('rect.progress')} ${item.itemKey}`}
                        >
                          {t('rect.progress')}
                        </Button>
                        <Button
                          type="primary"
                          size="small"
                          onClick={() => setReporting({ itemKey: item.itemKey, mode: 'submit' })}
                          aria-label={`${t('rect.submit')} ${item.itemKey}`}
                        >
                          {t('rect.submit')}
                        </Button>
                      </>
                    )}
                    {verification && (
                      <Button
                        type="primary"
                        size="small"
                        onClick={() => setVerifying(verification)}
                        aria-label={`${t('rect.verify')} ${item.itemKey}`}
                      >
                        {t('rect.verify')}
                      </Button>
                    )}
                  </Space>
                );
              },
            },
          ]}
        />
      </Card>
      {reporting && (
        <RectificationReportDialog
          listId={listId}
          itemKey={reporting.itemKey}
          mode={reporting.mode}
          onClose={() => setReporting(null)}
          onDone={() => {
            void message.success(t(reporting.mode === 'progress' ? 'rect.reported' : 'rect.submitted'));
            setReporting(null);
            void load();
          }}
        />
      )}
      {verifying && (
        <DecisionDialog
          task={verifying}
          onClose={() => setVerifying(null)}
          onDecided={(result) => {
            setVerifying(null);
            void message.success(t('decision.done', { outcome: label(t, 'outcome', result.outcome) }));
            void load();
          }}
        />
      )}
    </Space>
  );
}
