import { Button, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { useDirectory } from '../../components/directory';
import { formatDateTime } from '../../components/labels';
import { caseColumns, EscalationTag, listProps } from './supervision-columns';

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
      {...listProps(rows, t('supervision.emptyOverdue'))}
      columns={[
        ...caseColumns<OverdueTask>(t, directory),
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
          render: (_, r) => <EscalationTag level={r.escalationLevel} t={t} />,
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
