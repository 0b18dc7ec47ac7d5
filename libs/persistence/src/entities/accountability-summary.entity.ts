import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { AccountabilitySummary } from '@shuangcha/domain/accountability';
import { bigintAsNumber } from './column-transformers';

/** The structured outcome of a case's responsibility trace-back; written only by the org activities. */
@Entity({ name: 'accountability_summaries' })
export class AccountabilitySummaryEntity {
  @PrimaryColumn({ name: 'case_id', type: 'text', primaryKeyConstraintName: 'pk_accountability_summaries' })
  caseId!: string;

  @Column({ name: 'summary', type: 'jsonb' })
  summary!: AccountabilitySummary;

  @Column({ name: 'projection_version', type: 'bigint', transformer: bigintAsNumber })
  projectionVersion!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
