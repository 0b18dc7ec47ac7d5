import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import type { NotificationKind } from '@shuangcha/contracts';

/** Reminders, warnings, escalations and reassignments sent for a task; the key makes a retried send record once. */
@Entity({ name: 'case_notifications' })
@Index('ix_case_notifications_case_id', ['caseId'])
@Index('ix_case_notifications_kind_at', ['kind', 'at'])
@Index('ix_case_notifications_recipient_id_at', ['recipientId', 'at', 'notificationId'])
@Unique('uq_case_notifications_notification_id', ['notificationId'])
// Partial with INCLUDE columns, which TypeORM cannot declare: the migration owns it.
@Index('ix_case_notifications_jurisdiction_escalated_at', { synchronize: false })
export class CaseNotificationEntity {
  @PrimaryColumn({ name: 'notification_key', type: 'text', primaryKeyConstraintName: 'pk_case_notifications' })
  notificationKey!: string;

  /** The id the API shows: derived from the key (`notificationIdOf`), which names workflows and stays inside. */
  @Column({ name: 'notification_id', type: 'text' })
  notificationId!: string;

  @Column({ name: 'case_id', type: 'text' })
  caseId!: string;

  @Column({ name: 'task_id', type: 'text' })
  taskId!: string;

  @Column({ name: 'kind', type: 'text' })
  kind!: NotificationKind;

  @Column({ name: 'level', type: 'integer' })
  level!: number;

  @Column({ name: 'recipient_role', type: 'text' })
  recipientRole!: string;

  @Column({ name: 'recipient_id', type: 'text', nullable: true })
  recipientId!: string | null;

  @Column({ name: 'at', type: 'timestamptz' })
  at!: Date;

  /** The case's jurisdiction and unit, copied from its row by the projection (`refreshCaseScope`) for the statistics. */
  @Column({ name: 'jurisdiction_id', type: 'text', nullable: true, insert: false, update: false })
  jurisdictionId!: string | null;

  @Column({ name: 'unit_id', type: 'text', nullable: true, insert: false, update: false })
  unitId!: string | null;
}
