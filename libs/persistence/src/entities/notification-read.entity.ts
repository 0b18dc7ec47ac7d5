import { Column, Entity, PrimaryColumn } from 'typeorm';

/** When a person marked a notification read; one row each, so marking twice changes nothing. */
@Entity({ name: 'notification_reads' })
export class NotificationReadEntity {
  @PrimaryColumn({ name: 'notification_id', type: 'text', primaryKeyConstraintName: 'pk_notification_reads' })
  notificationId!: string;

  @PrimaryColumn({ name: 'person_id', type: 'text', primaryKeyConstraintName: 'pk_notification_reads' })
  personId!: string;

  @Column({ name: 'read_at', type: 'timestamptz' })
  readAt!: Date;
}
