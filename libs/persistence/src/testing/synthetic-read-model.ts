/**
 * A read model the size of a provincial backlog, written with generate_series for the supervision query
 * specs and the benchmark (`npm run bench`): cases `from`..`to` over 20 jurisdictions (`j-0`..`j-19`)
 * and 200 units, one opened every `stepSeconds` from `origin`, every tenth closed; three tasks each, the
 * first two decided and the third open (due 30 days after opening); an escalation notice for every third
 * case. Tasks and notices carry their case's jurisdiction and unit, as the projection writes them. `run` sends one statement (a DataSource's or a pg Client's `query`).
 */
export async function insertSyntheticReadModel(
  run: (sql: string) => Promise<unknown>,
  opts: { from: number; to: number; origin: string; stepSeconds: number },
): Promise<void> {
  const at = (offset: string) =>
    `(timestamptz '${opts.origin}' + i * interval '${opts.stepSeconds} seconds' + ${offset})`;
  const cases = `generate_series(${opts.from}, ${opts.to}) AS i`;
  await run(`
    INSERT INTO cases (case_id, case_no, kind, unit_id, jurisdiction_id, stage, status, policy_version, opened_by,
                       opened_at, deadline_at, overdue, escalation_level, last_activity_at, closed_at,
                       participant_ids, projection_version)
    SELECT 'case-' || i, 'S-' || i, 'violation', 'u-' || (i % 200), 'j-' || (i % 20),
           (ARRAY['intake','clueDisposal','filing','investigation','trialReview','closing'])[1 + i % 6],
           CASE WHEN i % 10 = 0 THEN 'CLOSED' ELSE 'OPEN' END, 'dom-2026.1', 'p-0032',
           ${at(`interval '0 days'`)}, ${at(`interval '19 days'`)}, i % 7 = 0, i % 4,
           ${at(`interval '4 days'`)}, NULL, ARRAY['p-0032'], 1
      FROM ${cases}`);
  await run(`
    INSERT INTO case_tasks (task_id, case_id, workflow_id, stage, kind, title, assignee_id, candidate_role,
                            allowed_outcomes, status, version, created_at, due_at, due_provisional, warning_level,
                            escalation_level, suspended, extension_count, outcome, decided_by, decided_at, history,
                            projection_version, jurisdiction_id, unit_id)
    SELECT 't-' || i || '-' || k, 'case-' || i, 'case-' || i || '/violation',
           (ARRAY['intake','clueDisposal','filing'])[k], 'decision', 'task', 'p-' || (i % 50), 'caseOfficer', '[]',
           CASE WHEN k < 3 THEN 'DECIDED' ELSE 'OPEN' END, 1,
           ${at(`k * interval '3 days'`)}, ${at(`k * interval '10 days'`)},
           false, 'green', 0, false, 0,
           CASE WHEN k < 3 THEN 'DONE' END, CASE WHEN k < 3 THEN 'p-1' END,
           CASE WHEN k < 3 THEN ${at(`k * interval '3 days' + (i % 13) * interval '1 day'`)} END,
           '[]', 1, 'j-' || (i % 20), 'u-' || (i % 200)
      FROM ${cases}, generate_series(1, 3) AS k`);
  await run(`
    INSERT INTO case_notifications (notification_key, notification_id, case_id, task_id, kind, level, recipient_role,
                                    recipient_id, at, jurisdiction_id, unit_id)
    SELECT 'n-' || i, 'n-' || md5('n-' || i), 'case-' || i, 't-' || i || '-3', 'escalation', 2, 'superior', 'p-1',
           ${at(`interval '12 days'`)}, 'j-' || (i % 20), 'u-' || (i % 200)
      FROM ${cases} WHERE i % 3 = 1`);
}
