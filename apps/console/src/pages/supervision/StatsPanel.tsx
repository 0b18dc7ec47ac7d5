import { Button, Card, Col, Row, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { useDirectory } from '../../components/directory';
import { label } from '../../components/labels';
import { Bars, OverdueTrend } from './charts';

export type StatsExport = 'stats' | 'rectification';
export interface StatsRange {
  from: string;
  to: string;
}

/** The figures of the period: cases per stage, lateness overall and by unit over time, escalations, 整改 completion. */
export function StatsPanel({
  stats,
  rectification,
  range,
  onRangeChange,
  onExport,
}: {
  stats: Schemas['SupervisionStatsDto'];
  rectification: Schemas['RectificationSupervisionDto'] | null;
  /** Shanghai dates, both inclusive. */
  range: StatsRange;
  onRangeChange: (range: StatsRange) => void;
  onExport: (what: StatsExport) => void;
}) {
  const { t } = useTranslation();
  const directory = useDirectory();
  const exportButton = (what: StatsExport) => (
    <Button size="small" onClick={() => onExport(what)}>
      {t('supervision.export')}
    </Button>
  );
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text>{t('supervision.periodLabel')}</Typography.Text>
        <label className="date-field">
          {t('supervision.from')}
          <input
            type="date"
            className="ant-input"
            value={range.from}
            max={range.to}
            onChange={(e) => e.target.value && onRangeChange({ ...range, from: e.target.value })}
          />
        </label>
        <label className="date-field">
          {t('supervision.to')}
          <input
            type="date"
            className="ant-input"
            value={range.to}
            min={range.from}
            onChange={(e) => e.target.value && onRangeChange({ ...range, to: e.target.value })}
          />
        </label>
        {exportButton('stats')}
      </Space>
      <Row gutter={[16, 16]}>
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
              <div className="big-number">
                {t('supervision.overdueRateValue', {
                  late: stats.overdueRate.decidedLate,
                  decided: stats.overdueRate.decided,
                  rate: Math.round(stats.overdueRate.rate * 100),
                })}
              </div>
            </Card>
            <Card title={t('supervision.escalationsByLevel')} size="small">
              <Bars
                rows={stats.escalationsByLevel.map((e) => ({
                  key: String(e.level),
                  name: t(`supervision.levels.${e.level}`, { defaultValue: String(e.level) }),
                  value: e.escalations,
                }))}
              />
            </Card>
          </Space>
        </Col>
        <Col span={24}>
          <Card title={t('supervision.overdueTrend')} size="small">
            <OverdueTrend cells={stats.overdueRateByUnit} unitName={directory.unitName} />
          </Card>
        </Col>
        <Col span={12}>
          <Card title={t('supervision.escalationsByUnit')} size="small">
            <Bars
              rows={stats.escalationsByUnit.map((u) => ({
                key: u.unitId,
                name: directory.unitName(u.unitId),
                value: u.escalations,
              }))}
            />
          </Card>
        </Col>
        <Col span={12}>
          <Card title={t('supervision.rectification')} size="small" extra={exportButton('rectification')}>
            <Bars
              max={100}
              rows={(rectification?.completionByUnit ?? []).map((u) => ({
                key: u.unitId,
                name: directory.unitName(u.unitId),
                value: Math.round(u.completionRate * 100),
                text: `${Math.round(u.completionRate * 100)}%`,
              }))}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
