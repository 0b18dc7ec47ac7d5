import { Card, Empty, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDirectory } from '../../components/directory';
import { label } from '../../components/labels';
import { candidatesOf, reviewsOf, type AccountabilityView, type CandidateView } from './model';

type Chart = NonNullable<AccountabilityView['orgChart']>;
type Tenure = Chart['tenures'][number];

const DAY = 86_400_000;
const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;
const today = () => new Date().toISOString().slice(0, 10);

/** The span the bars are drawn over: the misconduct periods with some context either side, up to today. */
function spanOf(chart: Chart): { start: number; end: number; years: number[] } {
  const froms = chart.misconductIntervals.map((p) => dayOf(p.from));
  const tos = chart.misconductIntervals.map((p) => dayOf(p.to));
  const start = Math.max(Math.min(...froms, ...chart.tenures.map((t) => dayOf(t.from))), Math.min(...froms) - 3 * 365);
  const end = Math.max(...tos, ...chart.tenures.map((t) => dayOf(t.to ?? today())));
  const first = new Date(start * DAY).getUTCFullYear() + 1;
  const last = new Date(end * DAY).getUTCFullYear();
  const years = Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
  return { start, end: Math.max(end, start + 1), years };
}

function TenureBar({ tenures, chart, span }: { tenures: Tenure[]; chart: Chart; span: ReturnType<typeof spanOf> }) {
  const { t } = useTranslation();
  const at = (day: number) =>
    `${((Math.min(Math.max(day, span.start), span.end) - span.start) / (span.end - span.start)) * 100}%`;
  const width = (from: number, to: number) =>
    `${((Math.min(to, span.end) - Math.max(from, span.start)) / (span.end - span.start)) * 100}%`;
  const described = tenures
    .map((x) =>
      t('traceBack.chart.tenure', { title: x.title ?? '', from: x.from, to: x.to ?? t('traceBack.chart.now') }),
    )
    .join('；');
  return (
    <div className="tenure-track" role="img" aria-label={described}>
      {chart.misconductIntervals.map((p) => (
        <div
          key={`${p.from}-${p.to}`}
          className="tenure-misconduct"
          style={{ left: at(dayOf(p.from)), width: width(dayOf(p.from), dayOf(p.to)) }}
        />
      ))}
      {tenures.map((x) => (
        <div
          key={`${x.positionId}-${x.from}`}
          className={x.acting ? 'tenure-bar tenure-acting' : 'tenure-bar'}
          style={{ left: at(dayOf(x.from)), width: width(dayOf(x.from), dayOf(x.to ?? today())) }}
        />
      ))}
    </div>
  );
}

/**
 * 倒查对象: the candidates drawn over the org chart, unit by unit and body by body, each person's terms
 * (whole terms, from the org model's history) against the misconduct period (hatched). Responsibility lies
 * with whoever held the post then (DOMAIN §4.4), so a person who has moved on still shows here.
 */
export function CandidateOrgChart({ view }: { view: AccountabilityView }) {
  const { t } = useTranslation();
  const directory = useDirectory(view.people);
  const chart = view.orgChart;
  const candidates = candidatesOf(view);
  if (!chart || candidates.length === 0 || chart.misconductIntervals.length === 0) {
    return (
      <Card title={t('traceBack.chart.title')} size="small">
        <Empty description={t('traceBack.chart.empty')} />
      </Card>
    );
  }
  const span = spanOf(chart);
  const stageOf = new Map(reviewsOf(view).map((r) => [r.candidateKey, r.stage]));
  const units = [...new Map(chart.bodies.map((b) => [b.unitId, b.unitName ?? b.unitId])).entries()];
  const bodyOfPerson = (c: CandidateView) => {
    const held = chart.tenures.filter((x) => x.personId === c.personId);
    return held.length > 0 ? held[0].bodyId : null;
  };
  const row = (c: CandidateView, tenures: Tenure[], name: string, post: string) => (
    <div className="chart-row" key={c.candidateKey} data-candidate={c.candidateKey}>
      <div className="chart-who">
        <div>
          <strong>{name}</strong> <span className="timeline-meta">{post}</span>
        </div>
        <Space size={4} wrap>
          <Tag
            className={c.responsibility === 'primaryResponsibility' ? 'state state-primary' : 'state state-supervisory'}
          >
            {t(`traceBack.responsibility.${c.responsibility}`)}
          </Tag>
          <Tag className="state">{label(t, 'outcome', c.suggestedType)}</Tag>
          {c.overlapDays !== null && (
            <span className="timeline-meta">{t('traceBack.chart.overlap', { count: c.overlapDays })}</span>
          )}
          {stageOf.has(c.candidateKey) && (
            <span className="timeline-meta">
              {t('traceBack.chart.reviewAt', { stage: label(t, 'stage', stageOf.get(c.candidateKey)!) })}
            </span>
          )}
        </Space>
      </div>
      {c.target === 'person' ? (
        <TenureBar tenures={tenures} chart={chart} span={span} />
      ) : (
        <div className="chart-org">{t('traceBack.chart.organization')}</div>
      )}
    </div>
  );
  const placed = new Set<string>();
  return (
    <Card title={t('traceBack.chart.title')} size="small" className="candidate-chart">
      <div className="chart-legend">
        <span className="legend-misconduct" /> {t('traceBack.chart.misconduct')}{' '}
        {chart.misconductIntervals.map((p) => `${p.from} — ${p.to}`).join('，')}
        <span className="legend-tenure" /> {t('traceBack.chart.tenureLegend')}
      </div>
      <div className="chart-row chart-axis" aria-hidden="true">
        <div className="chart-who" />
        <div className="tenure-track tenure-axis">
          {span.years.map((year) => (
            <span
              key={year}
              style={{ left: `${((dayOf(`${year}-01-01`) - span.start) / (span.end - span.start)) * 100}%` }}
            >
              {year}
            </span>
          ))}
        </div>
      </div>
      {units.map(([unitId, unitName]) => (
        <section key={unitId} className="chart-unit" aria-label={unitName}>
          <Typography.Title level={5}>{unitName}</Typography.Title>
          {chart.bodies
            .filter((b) => b.unitId === unitId)
            .map((body) => {
              const members = candidates.filter(
                (c) =>
                  !placed.has(c.candidateKey) &&
                  (c.organizationBodyId === body.bodyId || bodyOfPerson(c) === body.bodyId),
              );
              members.forEach((c) => placed.add(c.candidateKey));
              if (members.length === 0) return null;
              return (
                <div key={body.bodyId} className="chart-body">
                  <div className="chart-body-name">{body.bodyName ?? body.bodyId}</div>
                  {members.map((c) =>
                    c.personId
                      ? row(
                          c,
                          chart.tenures.filter((x) => x.personId === c.personId),
                          directory.personName(c.personId),
                          [...new Set(chart.tenures.filter((x) => x.personId === c.personId).map((x) => x.title))]
                            .filter(Boolean)
                            .join('、'),
                        )
                      : row(c, [], body.bodyName ?? body.bodyId, ''),
                  )}
                </div>
              );
            })}
        </section>
      ))}
      {candidates
        .filter((c) => !placed.has(c.candidateKey))
        .map((c) =>
          row(
            c,
            [],
            c.personId ? directory.personName(c.personId) : t('traceBack.chart.unknownBody'),
            c.personId ? directory.personPost(c.personId) : '',
          ),
        )}
    </Card>
  );
}
