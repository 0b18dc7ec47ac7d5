import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AccountabilitySummary } from '@shuangcha/domain/accountability';
import { ProjectedRow } from './projected-row';

/** The structured outcome of a case's responsibility trace-back; written only by the org activities. */
@Entity({ name: 'accountability_summaries' })
export class AccountabilitySummaryEntity extends ProjectedRow {
  @PrimaryColumn({ name: 'case_id', type: 'text', primaryKeyConstraintName: 'pk_accountability_summaries' })
  caseId!: string;

  @Column({ name: 'summary', type: 'jsonb' })
  summary!: AccountabilitySummary;
}
