import { App as AntApp, Button, Card, Select, Space, Tabs, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call, type Schemas } from '../api/client';
import { ProblemAlert } from '../components/ProblemAlert';
import { useConsoleConfig } from '../components/config-context';
import { label } from '../components/labels';
import { ReassignDialog, type ReassignableTask } from './ReassignDialog';
import { OverdueTable, type OverdueTask } from './supervision/OverdueTable';
import { StalledTable, type StalledCase } from './supervision/StalledTable';
import { StatsPanel, type StatsExport, type StatsRange } from './supervision/StatsPanel';
import {
  ESCALATION_LEVELS,
  localDate,
  saveFile,
  STAGES,
  type SupervisionFilter,
} from './supervision/supervision-helpers';
import { useStaffNames } from './supervision/use-staff-names';

type ListExport = 'overdue' | 'stalled';

/** One CSV export per view, with the filters that apply to it. */
async function fetchCsv(
  what: ListExport | StatsExport,
  filter: SupervisionFilter,
  range: { from: string; to: string },
) {
  const query = { ...filter };
  const unitOnly = { ...(filter.unit && { unit: filter.unit }) };
  switch (what) {
    case 'overdue':
      return call(api.GET('/supervision/overdue/export.csv', { params: { query }, parseAs: 'text' }));
    case 'stalled':
      return call(api.GET('/supervision/stalled/export.csv', { params: { query }, parseAs: 'text' }));
    case 'stats':
      return call(api.GET('/supervision/stats/export.csv', { params: { query: range }, parseAs: 'text' }));
    case 'rectification':
      return call(api.GET('/supervision/rectification/export.csv', { params: { query: unitOnly }, parseAs: 'text' }));
  }
}

/** 监督: what is overdue or stuck, by unit, stage and escalation level, the figures behind it, and the hand to move it. */
export function SupervisionPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const config = useConsoleConfig();
  const staff = useStaffNames();
  const [filter, setFilter] = useState<SupervisionFilter>({});
  const [overdue, setOverdue] = useState<OverdueTask[] | null>(null);
  const [stalled, setStalled] = useState<StalledCase[] | null>(null);
  const [stats, setStats] = useState<Schemas['SupervisionStatsDto'] | null>(null);
  const [rectification, setRectification] = useState<Schemas['RectificationSupervisionDto'] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [exporting, setExporting] = useState<string | null>(null);
  const [reassigning, setReassigning] = useState<ReassignableTask | null>(null);
  const [range, setRange] = useState<StatsRange>(() => ({ from: localDate(-365), to: localDate() }));

  const load = useCallback(async () => {
    const query = { ...filter, limit: 200 };
    try {
      const [o, s, st, r] = await Promise.all([
        call(api.GET('/supervision/overdue', { params: { query } })),
        call(api.GET('/supervision/stalled', { params: { query } })),
        call(api.GET('/supervision/stats', { params: { query: range } })),
        call(
          api.GET('/supervision/rectification', { params: { query: { ...(filter.unit && { unit: filter.unit }) } } }),
        ),
      ]);
      setOverdue(o.items);
      setStalled(s.items);
      setStats(st);
      setRectification(r);
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  }, [filter, range]);
  useEffect(() => {
    void load();
  }, [load]);

  const exportCsv = async (what: ListExport | StatsExport) => {
    setExporting(what);
    const hide = message.loading(t('supervision.exporting'), 0);
    try {
      const file = `${what}-${localDate()}.csv`;
      saveFile(file, await fetchCsv(what, filter, range));
      void message.success(t('supervision.exported', { file }));
    } catch (caught) {
      setError(caught);
    } finally {
      hide();
      setExporting(null);
    }
  };
  const exportButton = (what: ListExport) => (
    <Button onClick={() => void exportCsv(what)} loading={exporting === what}>
      {t('supervision.export')}
    </Button>
  );
  const set = (patch: SupervisionFilter) => setFilter((current) => ({ ...current, ...patch }));

  const filters = (
    <Space wrap>
      <Select
        aria-label={t('supervision.unit')}
        placeholder={t('supervision.allUnits')}
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        style={{ width: 240 }}
        value={filter.unit}
        onChange={(unit?: string) => set({ unit })}
        options={config.devUnits.map((u) => ({ value: u.id, label: u.name }))}
      />
      <Select
        aria-label={t('supervision.stage')}
        placeholder={t('supervision.allStages')}
        allowClear
        style={{ width: 160 }}
        value={filter.stage}
        onChange={(stage?: string) => set({ stage })}
        options={STAGES.map((s) => ({ value: s, label: label(t, 'stage', s) }))}
      />
      <Select
        aria-label={t('supervision.minLevel')}
        placeholder={t('supervision.allLevels')}
        allowClear
        style={{ width: 200 }}
        value={filter.minLevel}
        onChange={(minLevel?: number) => set({ minLevel })}
        options={ESCALATION_LEVELS.map((l) => ({
          value: l,
          label: t('supervision.atLeast', { level: t(`supervision.levels.${l}`) }),
        }))}
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
              <Card extra={exportButton('overdue')} title={t('supervision.overdue')}>
                <OverdueTable
                  rows={overdue ?? []}
                  loading={overdue === null && !error}
                  people={staff}
                  onReassign={setReassigning}
                />
              </Card>
            ),
          },
          {
            key: 'stalled',
            label: `${t('supervision.stalled')}${stalled ? ` (${stalled.length})` : ''}`,
            children: (
              <Card extra={exportButton('stalled')} title={t('supervision.stalled')}>
                <StalledTable rows={stalled ?? []} loading={stalled === null && !error} people={staff} />
              </Card>
            ),
          },
          {
            key: 'stats',
            label: t('supervision.stats'),
            children: stats && (
              <StatsPanel
                stats={stats}
                rectification={rectification}
                range={range}
                onRangeChange={setRange}
                onExport={(what) => void exportCsv(what)}
              />
            ),
          },
        ]}
      />
      {reassigning && (
        <ReassignDialog
          task={reassigning}
          people={staff}
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
