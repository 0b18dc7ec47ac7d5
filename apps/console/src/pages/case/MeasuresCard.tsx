import { Card, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call, type Schemas } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useDirectory } from '../../components/directory';
import { label } from '../../components/labels';

type MeasureList = Schemas['MeasureListDto'];
type Measure = MeasureList['items'][number];

const STATUS_COLOR: Record<Measure['status'], string> = {
  PENDING_APPROVAL: 'gold',
  RECORDED: 'green',
  REFUSED: 'default',
};

/** 审查调查措施: what the team logged, who approved it, and the last day its limit allows (DOMAIN §2, WR art. 40). */
export function MeasuresCard({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const [list, setList] = useState<MeasureList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const directory = useDirectory(list?.people);
  useEffect(() => {
    call(api.GET('/cases/{id}/measures', { params: { path: { id: caseId } } })).then(setList, setError);
  }, [caseId]);
  if (!list && !error) return null;
  if (list && list.items.length === 0) return null;
  const person = (id: string) => `${directory.personName(id)} ${directory.personPost(id)}`.trim();
  return (
    <Card title={t('measures.title')} size="small">
      <ProblemAlert error={error} />
      {list && (
        <Table<Measure>
          rowKey="measureId"
          size="small"
          pagination={false}
          dataSource={list.items}
          columns={[
            { title: t('measures.kindColumn'), render: (_, m) => t(`measures.kind.${m.kind}`) },
            { title: t('measures.stage'), render: (_, m) => label(t, 'stage', m.stage) },
            { title: t('measures.purpose'), dataIndex: 'purpose' },
            { title: t('measures.loggedBy'), render: (_, m) => person(m.loggedBy) },
            {
              title: t('measures.statusColumn'),
              render: (_, m) => (
                <Tag color={STATUS_COLOR[m.status]} title={m.refusal ?? undefined}>
                  {t(`measures.status.${m.status}`)}
                </Tag>
              ),
            },
            { title: t('measures.approvers'), render: (_, m) => m.approverIds.map(person).join('、') },
            { title: t('measures.takenOn'), render: (_, m) => m.takenOn ?? '—' },
            { title: t('measures.dueOn'), render: (_, m) => m.dueOn ?? t('measures.noLimit') },
          ]}
        />
      )}
    </Card>
  );
}
