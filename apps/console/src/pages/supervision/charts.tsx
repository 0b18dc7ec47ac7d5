import { Progress } from 'antd';
import { useTranslation } from 'react-i18next';

export interface BarRow {
  key: string;
  name: string;
  value: number;
  /** Shown instead of the value, e.g. "75%". */
  text?: string;
}

/** Horizontal bars scaled to the largest value; each bar names its row for screen readers. */
export function Bars({ rows, max }: { rows: BarRow[]; max?: number }) {
  const { t } = useTranslation();
  if (rows.length === 0) return <span className="empty-text">{t('supervision.noData')}</span>;
  const top = max ?? Math.max(1, ...rows.map((r) => r.value));
  return (
    <div className="bars">
      {rows.map((row) => (
        <div key={row.key} className="bar-row">
          <span className="bar-label" title={row.name}>
            {row.name}
          </span>
          <Progress
            aria-label={`${row.name} ${row.text ?? row.value}`}
            percent={(row.value / top) * 100}
            format={() => row.text ?? String(row.value)}
            status="normal"
            strokeColor="#a8071a"
          />
        </div>
      ))}
    </div>
  );
}

export interface TrendCell {
  month: string;
  unitId: string;
  decided: number;
  decidedLate: number;
  rate: number;
}

/** Band of an overdue rate: the cell colour, always with the number written in it. */
function band(rate: number): string {
  if (rate >= 0.5) return 'trend-high';
  if (rate >= 0.2) return 'trend-mid';
  return 'trend-low';
}

/**
 * Overdue rate by unit over time: one row per unit, one column per month, each cell the share of decisions
 * made after their due date (a heat table, so the figures stay readable and reachable by keyboard and
 * screen reader).
 */
export function OverdueTrend({ cells, unitName }: { cells: TrendCell[]; unitName: (id: string) => string }) {
  const { t } = useTranslation();
  if (cells.length === 0) return <span className="empty-text">{t('supervision.noData')}</span>;
  const months = [...new Set(cells.map((c) => c.month))].sort();
  const units = [...new Set(cells.map((c) => c.unitId))].sort((a, b) => unitName(a).localeCompare(unitName(b)));
  const at = new Map(cells.map((c) => [`${c.unitId} ${c.month}`, c]));
  return (
    <div className="trend-scroll">
      <table className="trend">
        <caption className="sr-only">{t('supervision.overdueTrend')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('supervision.unit')}</th>
            {months.map((m) => (
              <th key={m} scope="col">
                {m}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {units.map((u) => (
            <tr key={u}>
              <th scope="row">{unitName(u)}</th>
              {months.map((m) => {
                const cell = at.get(`${u} ${m}`);
                return cell ? (
                  <td
                    key={m}
                    className={band(cell.rate)}
                    title={t('supervision.overdueRateValue', {
                      late: cell.decidedLate,
                      decided: cell.decided,
                      rate: Math.round(cell.rate * 100),
                    })}
                  >
                    {Math.round(cell.rate * 100)}%
                    <span className="trend-count">
                      {cell.decidedLate}/{cell.decided}
                    </span>
                  </td>
                ) : (
                  <td key={m} className="trend-none">
                    –
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
