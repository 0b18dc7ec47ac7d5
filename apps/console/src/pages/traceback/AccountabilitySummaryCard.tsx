import { Card, Descriptions, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime, label } from '../../components/labels';
import type { CandidateNames, SummaryEntryView, SummaryView } from './model';

/** 问责情况: who bore which responsibility and what stands at the end, by name and post. */
export function AccountabilitySummaryCard({ summary, names }: { summary: SummaryView; names: CandidateNames }) {
  const { t, i18n } = useTranslation();
  const table = (kind: 'primaryResponsibility' | 'supervisoryResponsibility', entries: SummaryEntryView[]) => (
    <Table<SummaryEntryView>
      key={kind}
      rowKey="candidateKey"
      size="small"
      pagination={false}
      title={() => <strong>{t(`traceBack.responsibility.${kind}`)}</strong>}
      dataSource={entries}
      locale={{ emptyText: t('traceBack.summary.none') }}
      columns={[
        {
          title: t('traceBack.summary.target'),
          key: 'who',
          render: (_, e) => names.nameOf(e.candidateKey) ?? t('traceBack.chart.unknownBody'),
        },
        {
          title: t('traceBack.summary.determination'),
          key: 'type',
          render: (_, e) => label(t, 'outcome', e.determination),
        },
        {
          title: t('traceBack.summary.outcome'),
          key: 'outcome',
          render: (_, e) => (
            <Tag className={e.outcome === 'HELD_ACCOUNTABLE' ? 'state state-red' : 'state state-done'}>
              {t(`traceBack.summaryOutcome.${e.outcome}`)}
            </Tag>
          ),
        },
        {
          title: t('traceBack.measures.forms'),
          key: 'forms',
          render: (_, e) =>
            [
              ...e.finalMeasures.forms.map((f) => t(`traceBack.form.${f}`)),
              ...(e.finalMeasures.orgAdjustmentOption
                ? [t(`traceBack.orgAdjustment.${e.finalMeasures.orgAdjustmentOption}`)]
                : []),
            ].join('、') || t('common.none'),
        },
        {
          title: t('traceBack.measures.modifiers'),
          key: 'modifiers',
          render: (_, e) =>
            e.finalMeasures.modifiers
              .map((m) => `${t(`traceBack.modifier.${m.kind}`)}${m.text ? `：${m.text}` : ''}`)
              .join('；') || t('common.none'),
        },
        {
          title: t('traceBack.summary.authority'),
          key: 'authority',
          render: (_, e) => (e.authority ? t(`traceBack.authority.${e.authority}`) : t('common.none')),
        },
        {
          title: t('traceBack.summary.appeal'),
          key: 'appeal',
          render: (_, e) =>
            e.appealOutcome ? label(t, 'outcome', e.appealOutcome) : t('traceBack.summary.notAppealed'),
        },
      ]}
    />
  );
  return (
    <Card title={t('traceBack.summary.title')} size="small" className="accountability-summary">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={t('traceBack.summary.concludedAt')}>
            {formatDateTime(summary.concludedAt, i18n.language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('traceBack.summary.held')}>
            {summary.counts.HELD_ACCOUNTABLE ?? 0}
          </Descriptions.Item>
          <Descriptions.Item label={t('traceBack.summary.removed')}>
            {summary.removedCandidates.length}
          </Descriptions.Item>
        </Descriptions>
        {table('primaryResponsibility', summary.primaryResponsibility)}
        {table('supervisoryResponsibility', summary.supervisoryResponsibility)}
      </Space>
    </Card>
  );
}
