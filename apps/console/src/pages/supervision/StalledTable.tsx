import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { useDirectory } from '../../components/directory';
import { formatDateTime } from '../../components/labels';
import { caseColumns, EscalationTag, listProps } from './supervision-columns';

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
      {...listProps(rows, t('supervision.emptyStalled'))}
      columns={[
        ...caseColumns<StalledCase>(t, directory),
        {
          title: t('procedure.stall.why'),
          key: 'why',
          render: (_, r) => (
            <span data-stall-reasons={r.reasons.join(' ')}>
              {r.reasons.map((reason) => (
                <Tag key={reason} className="state state-overdue">
                  {t(`procedure.stall.reason.${reason}`)}
                </Tag>
              ))}
            </span>
          ),
        },
        {
          title: t('procedure.stall.waitingOn'),
          key: 'w',
          render: (_, r) =>
            r.waitingOn === null ? (
              t('common.none')
            ) : (
              <span data-waiting-on={r.waitingOn}>
                {t(`procedure.stall.waiting.${r.waitingOn}`)}
                {r.waitingOnAssigneeId && ` · ${directory.personName(r.waitingOnAssigneeId)}`}
              </span>
            ),
        },
        { title: t('supervision.idle'), dataIndex: 'idleWorkingDays', key: 'i' },
        {
          title: t('supervision.lastActivity'),
          key: 'l',
          render: (_, r) => (
            <>
              {formatDateTime(r.lastActivityAt, i18n.language)}
              {r.clock === 'case' && (
                <Tag className="state state-escalated tag-inline">{t('procedure.clockValue.case')}</Tag>
              )}
            </>
          ),
        },
        {
          title: t('supervision.escalation'),
          key: 'e',
          render: (_, r) => (
            <>
              {r.overdue && <Tag className="state state-overdue">{t('case.overdue')}</Tag>}
              <EscalationTag level={r.escalationLevel} t={t} />
            </>
          ),
        },
      ]}
    />
  );
}
