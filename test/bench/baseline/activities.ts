import { Pool } from 'pg';

export interface BaselineActivities {
  recordOutcome(workflowId: string, outcome: string): Promise<void>;
}

/** One autocommitted INSERT per decision, idempotent by workflow id like every Shuangcha write. */
export function baselineActivities(pool: Pool): BaselineActivities {
  return {
    async recordOutcome(workflowId, outcome) {
      await pool.query(
        `INSERT INTO bench_baseline_outcomes (workflow_id, outcome) VALUES ($1, $2) ON CONFLICT (workflow_id) DO NOTHING`,
        [workflowId, outcome],
      );
    },
  };
}

export async function prepareOutcomes(pool: Pool): Promise<void> {
  await pool.query(
    `CREATE TABLE IF NOT EXISTS bench_baseline_outcomes (
       workflow_id text PRIMARY KEY, outcome text NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now())`,
  );
}
