import { Tag, type TableProps } from 'antd';
import type { TFunction } from 'i18next';
import type { Directory } from '../../components/directory';
import { label } from '../../components/labels';
import { CaseLinks } from './case-links';

type Columns<R> = NonNullable<TableProps<R>['columns']>;

/** The columns every supervision table starts with: the case (its links), its unit and its stage. */
export function caseColumns<R extends { caseId: string; caseNo: string; unitId: string; stage: string }>(
  t: TFunction,
  directory: Directory,
): Columns<R> {
  return [
    {
      title: t('supervision.caseNo'),
      key: 'c',
      render: (_, r) => <CaseLinks caseId={r.caseId} caseNo={r.caseNo} />,
    },
    { title: t('supervision.unit'), key: 'u', render: (_, r) => directory.unitName(r.unitId) },
    { title: t('supervision.stage'), key: 's', render: (_, r) => label(t, 'stage', r.stage) },
  ];
}

/** How far a late task or case has been escalated (督办), once it has been. */
export function EscalationTag({ level, t }: { level: number; t: TFunction }) {
  if (level <= 0) return null;
  return (
    <Tag className="state state-escalated">{t(`supervision.levels.${level}`, { defaultValue: String(level) })}</Tag>
  );
}

/** Twenty rows a page once there are more, and the table's own words when there are none. */
export function listProps<R>(rows: R[], emptyText: string): Pick<TableProps<R>, 'pagination' | 'locale'> {
  return {
    pagination: rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false,
    locale: { emptyText: <span className="empty-text">{emptyText}</span> },
  };
}
