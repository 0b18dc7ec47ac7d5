import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import type { CaseKind, CaseStatus } from '@shuangcha/contracts';
import { OpenedProjectedRow } from './projected-row';

/** One row per case: the supervisors' list view, written only by the projection activities. */
@Entity({ name: 'cases' })
// Numbers count per jurisdiction (case_registrations allocates them), so two commissions may share one.
@Unique('uq_cases_jurisdiction_case_no', ['jurisdictionId', 'caseNo'])
@Index('ix_cases_status_stage', ['status', 'stage'])
@Index('ix_cases_unit_id', ['unitId'])
@Index('ix_cases_open_deadline_at', ['deadlineAt'], { where: `"status" = 'OPEN'` })
@Index('ix_cases_open_jurisdiction_last_activity', ['jurisdictionId', 'lastActivityAt', 'caseId'], {
  where: `"status" = 'OPEN'`,
})
@Index('ix_cases_jurisdiction_opened_at', ['jurisdictionId', 'openedAt'])
// GIN over the need-to-know list; TypeORM cannot declare the access method, so the migration owns it.
@Index('ix_cases_participant_ids', { synchronize: false })
// Partial over an OR of three columns, which TypeORM cannot compare with the database's form: the migration owns it.
@Index('ix_cases_open_stall_flagged', { synchronize: false })
// GIN over everyone the case is hidden from (DOMAIN §5, §8), for the statistics to subtract those cases.
@Index('ix_cases_hidden_from', { synchronize: false })
export class CaseEntity extends OpenedProjectedRow {
  @PrimaryColumn({ name: 'case_id', type: 'text', primaryKeyConstraintName: 'pk_cases' })
  caseId!: string;

  @Column({ name: 'case_no', type: 'text' })
  caseNo!: string;

  @Column({ name: 'kind', type: 'text' })
  kind!: CaseKind;

  @Column({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @Column({ name: 'jurisdiction_id', type: 'text' })
  jurisdictionId!: string;

  @Column({ name: 'stage', type: 'text' })
  stage!: string;

  @Column({ name: 'status', type: 'text' })
  status!: CaseStatus;

  @Column({ name: 'deadline_at', type: 'timestamptz', nullable: true })
  deadlineAt!: Date | null;

  @Column({ name: 'overdue', type: 'boolean' })
  overdue!: boolean;

  @Column({ name: 'escalation_level', type: 'integer' })
  escalationLevel!: number;

  @Column({ name: 'last_activity_at', type: 'timestamptz' })
  lastActivityAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'participant_ids', type: 'text', array: true })
  participantIds!: string[];

  @Column({ name: 'target_ids', type: 'text', array: true, default: () => "'{}'" })
  targetIds!: string[];

  @Column({ name: 'recused_ids', type: 'text', array: true, default: () => "'{}'" })
  recusedIds!: string[];

  /**
   * The misconduct periods the case's responsibility trace-back covers, once it opened; null without one. A
   * trace-back of the same unit and period is linked to it instead of opened twice (DOMAIN §3).
   */
  @Column({ name: 'trace_back_intervals', type: 'jsonb', nullable: true })
  traceBackIntervals!: { from: string; to: string }[] | null;

  /**
   * The case policy's clock rate (`CasePolicy.timeScale`): 1 in real time, below 1 for a compressed clock
   * whose case time runs ahead of the wall clock from `opened_at`.
   */
  @Column({ name: 'time_scale', type: 'double precision', default: 1 })
  timeScale!: number;

  /**
   * When the oldest open approval (or vote, extension, suspension or measure approval) of the case was
   * opened, in case time; null when none is open. The task projection keeps it (`refreshCaseStall`), so the
   * case projection never writes it.
   */
  @Column({
    name: 'approval_pending_since',
    type: 'timestamptz',
    nullable: true,
    insert: false,
    update: false,
  })
  approvalPendingSince!: Date | null;
}
