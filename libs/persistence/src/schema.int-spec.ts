import { MIGRATIONS } from './migrations';
import type { DataSource } from 'typeorm';
import { createDataSource } from './create-data-source';
import { checkSchemaDrift, runMigrations } from './schema';
import { createTestDatabase, type TestDatabase } from './testing/test-database';

describe('migrations', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource(db.url);
  });

  afterAll(async () => {
    if (dataSource.isInitialized) await dataSource.destroy();
    await db.drop();
  });

  it('apply in order on an empty database and leave nothing for the schema builder to change', async () => {
    const applied = await runMigrations(db.url);
    expect(applied).toEqual(MIGRATIONS.map((migration) => new migration().name));
    expect(applied.slice(0, 2)).toEqual(['CreateCaseReadModel1764403200000', 'CreateAuditEntries1764403260000']);
    // Names carry their timestamp; applying in index order must also be applying in time order.
    const stamps = applied.map((name) => Number(name.slice(-13)));
    expect([...stamps].sort((a, b) => a - b)).toEqual(stamps);
    await dataSource.initialize();
    await expect(checkSchemaDrift(dataSource)).resolves.toEqual([]);
  });

  it('apply nothing the second time', async () => {
    await expect(runMigrations(db.url)).resolves.toEqual([]);
  });

  it('create the supervision indexes, the need-to-know one as GIN', async () => {
    const rows: { indexname: string; indexdef: string }[] = await dataSource.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE 'ix_%' ORDER BY indexname`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.indexname, r.indexdef.replace(/^.* ON public\./, '')]))).toEqual({
      ix_case_attachments_case_id_added_at: 'case_attachments USING btree (case_id, added_at)',
      ix_case_attachments_sha256: 'case_attachments USING btree (sha256)',
      ix_case_decisions_case_id: 'case_decisions USING btree (case_id)',
      ix_case_file_exports_case_id: 'case_file_exports USING btree (case_id, requested_at)',
      ix_case_notifications_case_id: 'case_notifications USING btree (case_id)',
      ix_case_notifications_jurisdiction_escalated_at:
        "case_notifications USING btree (jurisdiction_id, at) INCLUDE (case_id, unit_id, level) WHERE (kind = 'escalation'::text)",
      ix_case_notifications_kind_at: 'case_notifications USING btree (kind, at)',
      ix_case_notifications_recipient_id_at: 'case_notifications USING btree (recipient_id, at, notification_id)',
      ix_case_tasks_assignee_id_status_due_at: 'case_tasks USING btree (assignee_id, status, due_at)',
      ix_case_tasks_case_id: 'case_tasks USING btree (case_id)',
      ix_case_tasks_decided_at: 'case_tasks USING btree (decided_at) WHERE (decided_at IS NOT NULL)',
      ix_case_tasks_jurisdiction_decided_at:
        'case_tasks USING btree (jurisdiction_id, decided_at) INCLUDE (case_id, unit_id, stage, created_at, due_at) WHERE (decided_at IS NOT NULL)',
      ix_case_tasks_status_due_at: 'case_tasks USING btree (status, due_at)',
      ix_case_tasks_voter_ids: 'case_tasks USING gin (voter_ids)',
      ix_cases_hidden_from: 'cases USING gin (((target_ids || recused_ids)))',
      ix_cases_jurisdiction_opened_at: 'cases USING btree (jurisdiction_id, opened_at)',
      ix_cases_open_deadline_at: "cases USING btree (deadline_at) WHERE (status = 'OPEN'::text)",
      ix_cases_open_jurisdiction_last_activity:
        "cases USING btree (jurisdiction_id, last_activity_at, case_id) WHERE (status = 'OPEN'::text)",
      ix_cases_open_stall_flagged:
        "cases USING btree (jurisdiction_id, last_activity_at, case_id) WHERE ((status = 'OPEN'::text) AND (overdue OR (approval_pending_since IS NOT NULL) OR (time_scale <> (1)::double precision)))",
      ix_cases_participant_ids: 'cases USING gin (participant_ids)',
      ix_cases_status_stage: 'cases USING btree (status, stage)',
      ix_cases_unit_id: 'cases USING btree (unit_id)',
      ix_idempotency_keys_expires_at: 'idempotency_keys USING btree (expires_at)',
      ix_investigative_measures_case_id: 'investigative_measures USING btree (case_id, logged_at)',
      ix_rectification_accountability_suggestions_list_id:
        'rectification_accountability_suggestions USING btree (list_id)',
      ix_rectification_items_reopen_count: 'rectification_items USING btree (reopen_count)',
      ix_rectification_items_responsible_unit_id: 'rectification_items USING btree (responsible_unit_id)',
      ix_rectification_items_state_due_at: 'rectification_items USING btree (state, due_at)',
      ix_rectification_lists_status: 'rectification_lists USING btree (status)',
    });
  });

  it('grant the app role only the privileges the activities use', async () => {
    const rows: { table_name: string; privilege_type: string }[] = await dataSource.query(
      `SELECT table_name, privilege_type FROM information_schema.role_table_grants
        WHERE grantee = 'shuangcha_app' ORDER BY table_name, privilege_type`,
    );
    const grants: Record<string, string[]> = {};
    for (const row of rows) (grants[row.table_name] ??= []).push(row.privilege_type);
    expect(grants).toEqual({
      accountability_summaries: ['INSERT', 'SELECT', 'UPDATE'],
      audit_checkpoints: ['INSERT', 'SELECT'],
      audit_entries: ['INSERT', 'SELECT'],
      bodies: ['DELETE', 'INSERT', 'SELECT'],
      // Never UPDATE or DELETE: an attachment is never changed or removed (issue 13).
      case_attachments: ['INSERT', 'SELECT'],
      case_decisions: ['INSERT', 'SELECT'],
      // Progress is written as the archive is built; an export is never removed.
      case_file_exports: ['INSERT', 'SELECT', 'UPDATE'],
      // A link between two cases is never changed or removed.
      case_links: ['INSERT', 'SELECT'],
      case_notifications: ['INSERT', 'SELECT'],
      case_number_counters: ['INSERT', 'SELECT', 'UPDATE'],
      case_registrations: ['INSERT', 'SELECT'],
      case_tasks: ['INSERT', 'SELECT', 'UPDATE'],
      cases: ['INSERT', 'SELECT', 'UPDATE'],
      holiday_years: ['INSERT', 'SELECT', 'UPDATE'],
      idempotency_keys: ['DELETE', 'INSERT', 'SELECT', 'UPDATE'],
      investigative_measures: ['INSERT', 'SELECT', 'UPDATE'],
      managed_by: ['DELETE', 'INSERT', 'SELECT'],
      meeting_decisions: ['DELETE', 'INSERT', 'SELECT'],
      notification_reads: ['INSERT', 'SELECT'],
      persons: ['DELETE', 'INSERT', 'SELECT'],
      portfolios: ['DELETE', 'INSERT', 'SELECT'],
      positions: ['DELETE', 'INSERT', 'SELECT'],
      rectification_accountability_suggestions: ['INSERT', 'SELECT'],
      rectification_items: ['INSERT', 'SELECT', 'UPDATE'],
      rectification_lists: ['INSERT', 'SELECT', 'UPDATE'],
      supervisions: ['DELETE', 'INSERT', 'SELECT'],
      tenures: ['DELETE', 'INSERT', 'SELECT'],
      units: ['DELETE', 'INSERT', 'SELECT'],
    });
  });
});
