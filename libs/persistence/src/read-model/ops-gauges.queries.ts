import type { DataSource } from 'typeorm';
import { policyByVersion, policyVersions } from '@shuangcha/domain/policy';

export interface OpsGauges {
  openCasesByStage: { stage: string; count: number }[];
  overdueTasksByLevel: { level: number; count: number }[];
  escalationsLast24hByLevel: { level: number; count: number }[];
}

/**
 * Whole-system counts for the metrics endpoint, read at scrape time: no jurisdiction scope and no names,
 * only stages, levels and counts. Overdue is judged on each case's own clock, as in SupervisionQueries,
 * so a compressed-policy case is not counted late by wall-clock time.
 */
export class OpsGaugeQueries {
  constructor(private readonly dataSource: DataSource) {}

  async read(now: Date): Promise<OpsGauges> {
    const versions = policyVersions();
    const [openCasesByStage, overdueTasksByLevel, escalationsLast24hByLevel] = await Promise.all([
      this.dataSource.query(
        `SELECT stage, count(*)::int AS count FROM cases WHERE status = 'OPEN' GROUP BY stage ORDER BY stage`,
      ) as Promise<{ stage: string; count: number }[]>,
      this.dataSource.query(
        `SELECT t.escalation_level AS level, count(*)::int AS count
           FROM case_tasks t JOIN cases c ON c.case_id = t.case_id
           LEFT JOIN unnest($2::text[], $3::float8[]) AS p(version, time_scale) ON p.version = c.policy_version
          WHERE t.status = 'OPEN'
            AND (t.warning_level = 'overdue' OR (NOT t.suspended AND
                 t.due_at < c.opened_at + ($1::timestamptz - c.opened_at) / COALESCE(p.time_scale, 1)))
          GROUP BY t.escalation_level ORDER BY t.escalation_level`,
        [now, versions, versions.map((v) => policyByVersion(v).timeScale)],
      ) as Promise<{ level: number; count: number }[]>,
      this.dataSource.query(
        `SELECT level, count(*)::int AS count FROM case_notifications
          WHERE kind = 'escalation' AND at > $1::timestamptz - interval '24 hours' AND at <= $1
          GROUP BY level ORDER BY level`,
        [now],
      ) as Promise<{ level: number; count: number }[]>,
    ]);
    return { openCasesByStage, overdueTasksByLevel, escalationsLast24hByLevel };
  }
}
