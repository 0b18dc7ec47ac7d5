import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { EvidenceRefInput, RectificationItemSpec, RectificationSource } from '@shuangcha/contracts';
import type { RectificationItemState } from '@shuangcha/domain/rectification';
import { OpenedProjectedRow, ProjectedRow } from './projected-row';

/** One row per problem list (问题清单); written only by the list workflow through its activity. */
@Entity({ name: 'rectification_lists' })
@Index('ix_rectification_lists_status', ['status'])
export class RectificationListEntity extends OpenedProjectedRow {
  @PrimaryColumn({ name: 'list_id', type: 'text', primaryKeyConstraintName: 'pk_rectification_lists' })
  listId!: string;

  @Column({ name: 'list_no', type: 'text' })
  listNo!: string;

  @Column({ name: 'source', type: 'text' })
  source!: RectificationSource;

  @Column({ name: 'source_case_id', type: 'text', nullable: true })
  sourceCaseId!: string | null;

  @Column({ name: 'supervising_body_id', type: 'text' })
  supervisingBodyId!: string;

  @Column({ name: 'status', type: 'text' })
  status!: 'OPEN' | 'COMPLETED';

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'item_count', type: 'integer' })
  itemCount!: number;

  @Column({ name: 'signed_off_count', type: 'integer' })
  signedOffCount!: number;

  /** With time_scale, the list's virtual timeline: days overdue are counted in case time. */
  @Column({ name: 'clock_epoch_at', type: 'timestamptz' })
  clockEpochAt!: Date;

  @Column({ name: 'time_scale', type: 'double precision' })
  timeScale!: number;
}

/** One row per item; the supervision view (overdue, reopened, completion by unit) reads these. */
@Entity({ name: 'rectification_items' })
@Index('ix_rectification_items_state_due_at', ['state', 'dueAt'])
@Index('ix_rectification_items_responsible_unit_id', ['responsibleUnitId'])
@Index('ix_rectification_items_reopen_count', ['reopenCount'])
export class RectificationItemEntity extends ProjectedRow {
  @PrimaryColumn({ name: 'list_id', type: 'text', primaryKeyConstraintName: 'pk_rectification_items' })
  listId!: string;

  @PrimaryColumn({ name: 'item_key', type: 'text', primaryKeyConstraintName: 'pk_rectification_items' })
  itemKey!: string;

  @Column({ name: 'workflow_id', type: 'text' })
  workflowId!: string;

  @Column({ name: 'problem', type: 'text' })
  problem!: string;

  @Column({ name: 'measure', type: 'text' })
  measure!: string;

  @Column({ name: 'responsible_person_id', type: 'text' })
  responsiblePersonId!: string;

  @Column({ name: 'responsible_unit_id', type: 'text' })
  responsibleUnitId!: string;

  @Column({ name: 'state', type: 'text' })
  state!: RectificationItemState;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ name: 'signed_off_at', type: 'timestamptz', nullable: true })
  signedOffAt!: Date | null;

  @Column({ name: 'signed_off_by', type: 'text', nullable: true })
  signedOffBy!: string | null;

  @Column({ name: 'reopen_count', type: 'integer' })
  reopenCount!: number;

  @Column({ name: 'flagged_to_supervisors', type: 'boolean' })
  flaggedToSupervisors!: boolean;

  @Column({ name: 'escalation_level', type: 'integer' })
  escalationLevel!: number;

  @Column({ name: 'extension_count', type: 'integer' })
  extensionCount!: number;

  @Column({ name: 'progress_report_count', type: 'integer' })
  progressReportCount!: number;

  @Column({ name: 'last_progress_at', type: 'timestamptz', nullable: true })
  lastProgressAt!: Date | null;

  @Column({ name: 'accountability_suggested_at', type: 'timestamptz', nullable: true })
  accountabilitySuggestedAt!: Date | null;

  @Column({ name: 'evidence_requirements', type: 'jsonb' })
  evidenceRequirements!: RectificationItemSpec['evidenceRequirements'];

  @Column({ name: 'evidence', type: 'jsonb' })
  evidence!: EvidenceRefInput[];
}

/** Overdue past `overdueToAccountabilityDays`: a suggestion for case management, written once per item. */
@Entity({ name: 'rectification_accountability_suggestions' })
@Index('ix_rectification_accountability_suggestions_list_id', ['listId'])
export class RectificationSuggestionEntity {
  @PrimaryColumn({
    name: 'suggestion_key',
    type: 'text',
    primaryKeyConstraintName: 'pk_rectification_accountability_suggestions',
  })
  suggestionKey!: string;

  @Column({ name: 'list_id', type: 'text' })
  listId!: string;

  @Column({ name: 'item_key', type: 'text' })
  itemKey!: string;

  @Column({ name: 'responsible_unit_id', type: 'text' })
  responsibleUnitId!: string;

  @Column({ name: 'responsible_person_id', type: 'text' })
  responsiblePersonId!: string;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ name: 'days_overdue', type: 'integer' })
  daysOverdue!: number;

  @Column({ name: 'suggested_at', type: 'timestamptz' })
  suggestedAt!: Date;
}

export const RECTIFICATION_ENTITIES = [
  RectificationListEntity,
  RectificationItemEntity,
  RectificationSuggestionEntity,
] as const;
