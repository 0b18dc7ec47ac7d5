import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { useDirectory } from '../../components/directory';
import { formatDateTime, label } from '../../components/labels';
import { CaseLinks } from './case-links';

export type StalledCase = Schemas['StalledCase'];

/** Open cases without audited activity for the policy's idle working days (DOMAIN §7 stalled). */
export function StalledTable({
  rows,
  loading,
  people,
}: {
  rows: StalledCase[];
  loading: boolean;
  people?: Schemas['PeopleMap'];
}) {
  const { t, i18n } = useTranslation();
  const directory = useDirectory(people);
  return (
    <Table<StalledCase>
      rowKey="caseId"
      size="middle"
      loading={loading}
      dataSource={rows}
      pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      locale={{ emptyText: <span className="empty-text">{t('supervision.emptyStalled')}</span> }}
      columns={[
        {
          title: t('supervision.caseNo'),
          key: 'c',
          render: (_, r) => <CaseLinks caseId={r.caseId} caseNo={r.caseNo} />,
        },
        { title: t('supervision.unit'), key: 'u', render: (_, r) => directory.unitName(r.unitId) },
        { title: t('supervision.stage'), key: 's', render: (_, r) => label(t, 'stage', r.stage) },
        { title: t('supervision.idle'), dataIndex: 'idleWorkingDays', key: 'i' },
        {
          title: t('supervision.lastActivity'),
          key: 'l',
          render: (_, r) => formatDateTime(r.lastActivityAt, i18n.language),
        },
        {
          title: t('supervision.escalation'),
          key: 'e',
          render: (_, r) => (
            <>
              {r.overdue && <Tag className="state state-overdue">{t('case.overdue')}</Tag>}
              {r.escalationLevel > 0 && (
                <Tag className="state state-escalated">
                  {t(`supervision.levels.${r.escalationLevel}`, { defaultValue: String(r.escalationLevel) })}
                </Tag>
              )}
            </>
          ),
        },
      ]}
    />
  );
}
