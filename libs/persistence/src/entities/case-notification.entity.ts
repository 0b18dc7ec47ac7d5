import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { NotificationRecord } from '@shuangcha/contracts';

/** Reminders, warnings and escalations sent for a task; the key makes a retried send record once. */
@Entity({ name: 'case_notifications' })
@Index('ix_case_notifications_case_id', ['caseId'])
@Index('ix_case_notifications_kind_at', ['kind', 'at'])
export class CaseNotificationEntity {
  @PrimaryColumn({ name: 'notification_key', type: 'text', primaryKeyConstraintName: 'pk_case_notifications' })
  notificationKey!: string;

  @Column({ name: 'case_id', type: 'text' })
  caseId!: string;

  @Column({ name: 'task_id', type: 'text' })
  taskId!: string;

  @Column({ name: 'kind', type: 'text' })
  kind!: NotificationRecord['kind'];

  @Column({ name: 'level', type: 'integer' })
  level!: number;

  @Column({ name: 'recipient_role', type: 'text' })
  recipientRole!: string;

  @Column({ name: 'recipient_id', type: 'text', nullable: true })
  recipientId!: string | null;

  @Column({ name: 'at', type: 'timestamptz' })
  at!: Date;
}
