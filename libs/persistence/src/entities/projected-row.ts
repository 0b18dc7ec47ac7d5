import { Column, UpdateDateColumn } from 'typeorm';
import { bigintAsNumber } from './column-transformers';

/**
 * The columns every read-model row written by a projection activity carries: the version that lets an upsert
 * skip a stale write (STYLE §6), and when it was last written. Concrete table inheritance: each entity keeps
 * its own table and these columns in it.
 */
export abstract class ProjectedRow {
  @Column({ name: 'projection_version', type: 'bigint', transformer: bigintAsNumber })
  projectionVersion!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** A projected row of a record a workflow opened (a case, a problem list): under which policy, by whom, when. */
export abstract class OpenedProjectedRow extends ProjectedRow {
  @Column({ name: 'policy_version', type: 'text' })
  policyVersion!: string;

  @Column({ name: 'opened_by', type: 'text' })
  openedBy!: string;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;
}
