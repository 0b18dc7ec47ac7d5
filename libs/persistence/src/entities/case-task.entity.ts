import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { TaskHistoryEntry, TaskProjection, TaskStatus, WarningLevel } from '@shuangcha/contracts';
import { ProjectedRow } from './projected-row';

/** One row per human task (decision, approval, extension…): inboxes and overdue lists read these. */
@Entity({ name: 'case_tasks' })
@Index('ix_case_tasks_assignee_id_status_due_at', ['assigneeId', 'status', 'dueAt'])
@Index('ix_case_tasks_status_due_at', ['status', 'dueAt'])
@Index('ix_case_tasks_case_id', ['caseId'])
@Index('ix_case_tasks_decided_at', ['decidedAt'], { where: `"decided_at" IS NOT NULL` })
// GIN over the voters, for each voter's inbox; TypeORM cannot declare the access method, so the migration owns it.
@Index('ix_case_tasks_voter_ids', { synchronize: false })
// Partial with INCLUDE columns, which TypeORM cannot declare: the migration owns it.
@Index('ix_case_tasks_jurisdiction_decided_at', { synchronize: false })
export class CaseTaskEntity extends ProjectedRow {
  @PrimaryColumn({ name: 'task_id', type: 'text', primaryKeyConstraintName: 'pk_case_tasks' })
  taskId!: string;

  @Column({ name: 'case_id', type: 'text' })
  caseId!: string;

  @Column({ name: 'workflow_id', type: 'text' })
  workflowId!: string;

  @Column({ name: 'stage', type: 'text' })
  stage!: string;

  @Column({ name: 'kind', type: 'text' })
  kind!: TaskProjection['kind'];

  @Column({ name: 'title', type: 'text' })
  title!: string;

  @Column({ name: 'assignee_id', type: 'text' })
  assigneeId!: string;

  @Column({ name: 'candidate_role', type: 'text' })
  candidateRole!: string;

  @Column({ name: 'allowed_outcomes', type: 'jsonb' })
  allowedOutcomes!: string[];

  @Column({ name: 'status', type: 'text' })
  status!: TaskStatus;

  /** The task's own optimistic-concurrency version (the gateway sends it back with a decision). */
  @Column({ name: 'version', type: 'integer' })
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ name: 'due_provisional', type: 'boolean' })
  dueProvisional!: boolean;

  @Column({ name: 'warning_level', type: 'text' })
  warningLevel!: WarningLevel;

  @Column({ name: 'escalation_level', type: 'integer' })
  escalationLevel!: number;

  @Column({ name: 'suspended', type: 'boolean' })
  suspended!: boolean;

  @Column({ name: 'extension_count', type: 'integer' })
  extensionCount!: number;

  @Column({ name: 'outcome', type: 'text', nullable: true })
  outcome!: string | null;

  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'history', type: 'jsonb' })
  history!: TaskHistoryEntry[];

  @Column({ name: 'voter_ids', type: 'text', array: true, default: () => "'{}'" })
  voterIds!: string[];

  /** The person the task is about (a recused person's recusal, replacement or re-check); the gateway names them. */
  @Column({ name: 'concerns_person_id', type: 'text', nullable: true })
  concernsPersonId!: string | null;

  /** The case's jurisdiction and unit, copied from its row by the projection (`refreshCaseScope`) for the statistics. */
  @Column({ name: 'jurisdiction_id', type: 'text', nullable: true, insert: false, update: false })
  jurisdictionId!: string | null;

  @Column({ name: 'unit_id', type: 'text', nullable: true, insert: false, update: false })
  unitId!: string | null;
}
