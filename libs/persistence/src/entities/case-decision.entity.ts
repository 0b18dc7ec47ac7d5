import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { BasisArticle } from '@shuangcha/contracts';

/** Immutable decision record (DOMAIN.md §8): written once under its key; a correction is a new decision. */
@Entity({ name: 'case_decisions' })
@Index('ix_case_decisions_case_id', ['caseId'])
export class CaseDecisionEntity {
  @PrimaryColumn({ name: 'decision_key', type: 'text', primaryKeyConstraintName: 'pk_case_decisions' })
  decisionKey!: string;

  @Column({ name: 'case_id', type: 'text' })
  caseId!: string;

  @Column({ name: 'task_id', type: 'text' })
  taskId!: string;

  @Column({ name: 'stage', type: 'text' })
  stage!: string;

  @Column({ name: 'outcome', type: 'text' })
  outcome!: string;

  @Column({ name: 'actor_id', type: 'text' })
  actorId!: string;

  @Column({ name: 'decided_at', type: 'timestamptz' })
  decidedAt!: Date;

  @Column({ name: 'basis', type: 'jsonb' })
  basis!: BasisArticle[];

  @Column({ name: 'comment', type: 'text' })
  comment!: string;
}
