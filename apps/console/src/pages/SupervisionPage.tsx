import { App as AntApp, Button, Card, Col, Progress, Row, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../api/client';
import { ProblemAlert } from '../components/ProblemAlert';
import { useConsoleConfig } from '../components/config-context';
import { useDirectory } from '../components/directory';
import { formatDateTime, label } from '../components/labels';
import { ReassignDialog, type ReassignableTask } from './ReassignDialog';

type OverdueTask = Schemas['OverdueTask'];
type StalledCase = Schemas['StalledCase'];
const STAGES = [
  'intake',
  'clueDisposal',
  'talkOrLetter',
  'preliminaryVerification',
  'filing',
  'investigation',
  'trialReview',
  'sanction',
  'closing',
  'appealReview',
];

function saveFile(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  anchor.click();
  URL.revokeObjectURL(url);
}

function localDate(offsetDays = 0): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
}

function Bars({ rows }: { rows: { key: string; name: string; value: number }[] }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <div className="bars">
      {rows.map((row) => (
        <div key={row.key} className="bar-row">
          <span className="bar-label">{row.name}</span>
          <Progress
            aria-label={row.name}
            percent={(row.value / max) * 100}
            format={() => String(row.value)}
            strokeColor="#a8071a"
          />
        </div>
      ))}
    </div>
  );
}

/** 监督: what is overdue or stuck, by unit and stage, and the hand to move it. */
export function SupervisionPage() {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const config = useConsoleConfig();
  const directory = useDirectory();
  const [unit, setUnit] = useState<string | undefined>();
  const [stage, setStage] = useState<string | undefined>();
  const [overdue, setOverdue] = useState<OverdueTask[] | null>(null);
  const [stalled, setStalled] = useState<StalledCase[] | null>(null);
  const [stats, setStats] = useState<Schemas['SupervisionStatsDto'] | null>(null);
  const [rectification, setRectification] = useState<Schemas['RectificationSupervisionDto'] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reassigning, setReassigning] = useState<ReassignableTask | null>(null);

  const load = useCallback(async () => {
    const query = { ...(unit && { unit }), ...(stage && { stage }), limit: 200 };
    try {
      const [o, s, st, r] = await Promise.all([
        call(api.GET('/supervision/overdue', { params: { query } })),
        call(api.GET('/supervision/stalled', { params: { query } })),
        call(api.GET('/supervision/stats', { params: { query: { from: localDate(-365), to: localDate() } } })),
        call(api.GET('/supervision/rectification', { params: { query: { ...(unit && { unit }) } } })),
      ]);
      setOverdue(o.items);
      setStalled(s.items);
      setStats(st);
      setRectification(r);
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  }, [unit, stage]);
  useEffect(() => {
    void load();
  }, [load]);

  const exportCsv = async (what: 'overdue' | 'stalled') => {
    const query = { ...(unit && { unit }), ...(stage && { stage }) };
    try {
      const text =
        what === 'overdue'
          ? await call(api.GET('/supervision/overdue/export.csv', { params: { query }, parseAs: 'text' }))
          : await call(api.GET('/supervision/stalled/export.csv', { params: { query }, parseAs: 'text' }));
      const file = `${what}-${localDate()}.csv`;
      saveFile(file, text);
      void message.success(t('supervision.exported', { file }));
    } catch (caught) {
      setError(caught);
    }
  };

  const caseLink = (caseId: string, caseNo: string) => (
    <Link to={`/cases/${encodeURIComponent(caseId)}`} className="case-ref">
      {caseNo}
    </Link>
  );
  const filters = (
    <Space wrap>
      <Select
        aria-label={t('supervision.unit')}
        placeholder={t('supervision.allUnits')}
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        style={{ width: 260 }}
        value={unit}
        onChange={setUnit}
        options={config.devUnits.map((u) => ({ value: u.id, label: u.name }))}
      />
      <Select
        aria-label={t('supervision.stage')}
        placeholder={t('supervision.allStages')}
        allowClear
        style={{ width: 180 }}
        value={stage}
        onChange={setStage}
        options={STAGES.map((s) => ({ value: s, label: label(t, 'stage', s) }))}
      />
      <Button onClick={() => void load()}>{t('common.refresh')}</Button>
    </Space>
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div className="page-heading">
        <Typography.Title level={2}>{t('supervision.title')}</Typography.Title>
        {filters}
      </div>
      <ProblemAlert error={error} />
      <Tabs
        items={[
          {
            key: 'overdue',
            label: `${t('supervision.overdue')}${overdue ? ` (${overdue.length})` : ''}`,
            children: (
              <Card
                extra={<Button onClick={() => void exportCsv('overdue')}>{t('supervision.export')}</Button>}
                title={t('supervision.overdue')}
              >
                <Table<OverdueTask>
                  rowKey="taskId"
                  size="middle"
                  loading={overdue === null && !error}
                  dataSource={overdue ?? []}
                  pagination={false}
                  locale={{ emptyText: <span className="empty-text">{t('supervision.emptyOverdue')}</span> }}
                  columns={[
                    { title: t('supervision.caseNo'), key: 'c', render: (_, r) => caseLink(r.caseId, r.caseNo) },
                    { title: t('supervision.unit'), key: 'u', render: (_, r) => directory.unitName(r.unitId) },
                    { title: t('supervision.stage'), key: 's', render: (_, r) => label(t, 'stage', r.stage) },
                    {
                      title: t('supervision.assignee'),
                      key: 'a',
                      render: (_, r) => directory.personName(r.assigneeId),
                    },
                    { title: t('supervision.due'), key: 'd', render: (_, r) => formatDateTime(r.dueAt, i18n.language) },
                    {
                      title: t('supervision.daysOverdue'),
                      key: 'o',
                      render: (_, r) => (
                        <Tag className="state state-overdue">{t('common.days', { count: r.daysOverdue })}</Tag>
                      ),
                    },
                    {
                      title: t('supervision.escalation'),
                      key: 'e',
                      render: (_, r) =>
                        r.escalationLevel > 0 ? (
                          <Tag className="state state-escalated">
                            {t('myWork.escalationLevel', { level: r.escalationLevel })}
                          </Tag>
                        ) : null,
                    },
                    {
                      title: '',
                      key: 'r',
                      render: (_, r) => (
                        <Button
                          size="small"
                          onClick={() => setReassigning(r)}
                          aria-label={`${t('supervision.reassign')} ${r.caseNo}`}
                        >
                          {t('supervision.reassign')}
                        </Button>
                      ),
                    },
                  ]}
                />
              </Card>
            ),
          },
          {
            key: 'stalled',
            label: `${t('supervision.stalled')}${stalled ? ` (${stalled.length})` : ''}`,
            children: (
              <Card
                extra={<Button onClick={() => void exportCsv('stalled')}>{t('supervision.export')}</Button>}
                title={t('supervision.stalled')}
              >
                <Table<StalledCase>
                  rowKey="caseId"
                  size="middle"
                  dataSource={stalled ?? []}
                  pagination={false}
                  locale={{ emptyText: <span className="empty-text">{t('supervision.emptyStalled')}</span> }}
                  columns={[
                    { title: t('supervision.caseNo'), key: 'c', render: (_, r) => caseLink(r.caseId, r.caseNo) },
                    { title: t('supervision.unit'), key: 'u', render: (_, r) => directory.unitName(r.unitId) },
                    { title: t('supervision.stage'), key: 's', render: (_, r) => label(t, 'stage', r.stage) },
                    { title: t('supervision.idle'), dataIndex: 'idleWorkingDays', key: 'i' },
                    {
                      title: t('supervision.lastActivity'),
                      key: 'l',
                      render: (_, r) => formatDateTime(r.lastActivityAt, i18n.language),
                    },
                    {
                      title: '',
                      key: 'o',
                      render: (_, r) =>
                        r.overdue ? <Tag className="state state-overdue">{t('case.overdue')}</Tag> : null,
                    },
                  ]}
                />
              </Card>
            ),
          },
          {
            key: 'stats',
            label: t('supervision.stats'),
            children: stats && (
              <Row gutter={16}>
                <Col span={12}>
                  <Card title={t('supervision.casesPerStage')} size="small">
                    <Bars
                      rows={stats.casesPerStage.map((s) => ({
                        key: s.stage,
                        name: label(t, 'stage', s.stage),
                        value: s.count,
                      }))}
                    />
                  </Card>
                </Col>
                <Col span={12}>
                  <Space orientation="vertical" style={{ width: '100%' }}>
                    <Card title={t('supervision.overdueRate')} size="small">
                      <Typography.Text>{t('supervision.period', { from: stats.from, to: stats.to })}</Typography.Text>
                      <div className="big-number">
                        {t('supervision.overdueRateValue', {
                          late: stats.overdueRate.decidedLate,
                          decided: stats.overdueRate.decided,
                          rate: Math.round(stats.overdueRate.rate * 100),
                        })}
                      </div>
                    </Card>
                    <Card title={t('supervision.escalationsByUnit')} size="small">
                      <Bars
                        rows={stats.escalationsByUnit.map((u) => ({
                          key: u.unitId,
                          name: directory.unitName(u.unitId),
                          value: u.escalations,
                        }))}
                      />
                    </Card>
                    {rectification && (
                      <Card title={t('supervision.rectification')} size="small">
                        <Bars
                          rows={rectification.completionByUnit.map((u) => ({
                            key: u.unitId,
                            name: directory.unitName(u.unitId),
                            value: Math.round(u.completionRate * 100),
                          }))}
                        />
                      </Card>
                    )}
                  </Space>
                </Col>
              </Row>
            ),
          },
        ]}
      />
      {reassigning && (
        <ReassignDialog
          task={reassigning}
          onClose={() => setReassigning(null)}
          onDone={(newAssignee) => {
            setReassigning(null);
            void message.success(t('reassign.done', { name: newAssignee.displayName }));
            void load();
          }}
        />
      )}
    </Space>
  );
}
