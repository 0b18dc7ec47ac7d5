import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * Append-only, hash-chained audit log (DOMAIN.md §8). The app role may only SELECT and INSERT, and a
 * trigger rejects UPDATE, DELETE and TRUNCATE for everyone (migration CreateAuditEntries).
 */
@Entity({ name: 'audit_entries' })
@Unique('uq_audit_entries_event_key', ['eventKey'])
@Unique('uq_audit_entries_case_id_seq', ['caseId', 'seq'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn('increment', { name: 'id', type: 'bigint', primaryKeyConstraintName: 'pk_audit_entries' })
  id!: string;

  @Column({ name: 'event_key', type: 'text' })
  eventKey!: string;

  @Column({ name: 'case_id', type: 'text' })
  caseId!: string;

  /** Position in the case's chain, from 1 without gaps. */
  @Column({ name: 'seq', type: 'integer' })
  seq!: number;

  @Column({ name: 'actor_id', type: 'text', nullable: true })
  actorId!: string | null;

  @Column({ name: 'action', type: 'text' })
  action!: string;

  @Column({ name: 'at', type: 'timestamptz' })
  at!: Date;

  @Column({ name: 'before', type: 'jsonb', nullable: true })
  before!: unknown;

  @Column({ name: 'after', type: 'jsonb', nullable: true })
  after!: unknown;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash!: string;

  @Column({ name: 'hash', type: 'text' })
  hash!: string;
}
