import { Button, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { useDirectory } from '../../components/directory';
import { formatDateTime, label } from '../../components/labels';
import { CaseLinks } from './case-links';

export type OverdueTask = Schemas['OverdueTask'];

/** Open tasks past their due date (in each case's own time), with the escalation they reached. */
export function OverdueTable({
  rows,
  loading,
  people,
  onReassign,
}: {
  rows: OverdueTask[];
  loading: boolean;
  people?: Schemas['PeopleMap'];
  onReassign: (task: OverdueTask) => void;
}) {
  const { t, i18n } = useTranslation();
  const directory = useDirectory(people);
  return (
    <Table<OverdueTask>
      rowKey="taskId"
      size="middle"
      loading={loading}
      dataSource={rows}
      pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      locale={{ emptyText: <span className="empty-text">{t('supervision.emptyOverdue')}</span> }}
      columns={[
        {
          title: t('supervision.caseNo'),
          key: 'c',
          render: (_, r) => <CaseLinks caseId={r.caseId} caseNo={r.caseNo} />,
        },
        { title: t('supervision.unit'), key: 'u', render: (_, r) => directory.unitName(r.unitId) },
        { title: t('supervision.stage'), key: 's', render: (_, r) => label(t, 'stage', r.stage) },
        { title: t('supervision.assignee'), key: 'a', render: (_, r) => directory.personName(r.assigneeId) },
        { title: t('supervision.due'), key: 'd', render: (_, r) => formatDateTime(r.dueAt, i18n.language) },
        {
          title: t('supervision.daysOverdue'),
          key: 'o',
          render: (_, r) => <Tag className="state state-overdue">{t('common.days', { count: r.daysOverdue })}</Tag>,
        },
        {
          title: t('supervision.escalation'),
          key: 'e',
          render: (_, r) =>
            r.escalationLevel > 0 ? (
              <Tag className="state state-escalated">
                {t(`supervision.levels.${r.escalationLevel}`, { defaultValue: String(r.escalationLevel) })}
              </Tag>
            ) : null,
        },
        {
          title: t('supervision.actions'),
          key: 'r',
          render: (_, r) => (
            <Button size="small" onClick={() => onReassign(r)} aria-label={`${t('supervision.reassign')} ${r.caseNo}`}>
              {t('supervision.reassign')}
            </Button>
          ),
        },
      ]}
    />
  );
}
