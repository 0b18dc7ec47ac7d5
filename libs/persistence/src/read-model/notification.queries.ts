import type { DataSource, EntityManager } from 'typeorm';
import type { NotificationKind, TaskProjection, TaskStatus, WarningLevel } from '@shuangcha/contracts';
import { caseNotHiddenFrom } from './need-to-know';
import { decodeKeysetCursor, encodeKeysetCursor, type Page } from './supervision.queries';

/**
 * Need-to-know on a person's own notifications and tasks (DOMAIN §5, §8): nothing of a case reaches a
 * person the case is about (subject, trace-back candidate) or one recused from it. `alias` is the case
 * row, absent (all NULL) for a problem list's task. The workflow already withholds at write; this also
 * covers rows written before the person became one.
 */
export function withheldFrom(personParam: string, alias = 'c'): string {
  return `COALESCE(NOT ${caseNotHiddenFrom(alias, personParam)}, false)`;
}

export interface NotificationView {
  notificationId: string;
  kind: NotificationKind;
  level: number;
  recipientRole: string;
  at: string;
  readAt: string | null;
  caseId: string;
  /** Null for a problem list's task (整改), which has no case row. */
  caseNo: string | null;
  task: {
    taskId: string;
    stage: string;
    kind: TaskProjection['kind'];
    title: string;
    status: TaskStatus;
    assigneeId: string;
    dueAt: string;
    warningLevel: WarningLevel;
  } | null;
}

interface NotificationRow {
  notification_id: string;
  kind: NotificationKind;
  level: number;
  recipient_role: string;
  at: Date;
  read_at: Date | null;
  case_id: string;
  case_no: string | null;
  /** The task row as JSON (timestamps as text); null when the task was never projected. */
  task: (Omit<NonNullable<NotificationView['task']>, 'dueAt'> & { dueAt: string }) | null;
}

/** The person's notifications they may see; `$1` is the person. */
const VISIBLE = `
  FROM case_notifications n
  LEFT JOIN cases c ON c.case_id = n.case_id
  LEFT JOIN notification_reads r ON r.notification_id = n.notification_id AND r.person_id = $1`;
const VISIBLE_WHERE = `n.recipient_id = $1 AND NOT ${withheldFrom('$1')}`;

function toView(row: NotificationRow): NotificationView {
  return {
    notificationId: row.notification_id,
    kind: row.kind,
    level: row.level,
    recipientRole: row.recipient_role,
    at: row.at.toISOString(),
    readAt: row.read_at?.toISOString() ?? null,
    caseId: row.case_id,
    caseNo: row.case_no,
    task: row.task && { ...row.task, dueAt: new Date(row.task.dueAt).toISOString() },
  };
}

/** A person's notifications (reminders, warnings, escalations, reassignments): the read side of GET /notifications. */
export class NotificationQueries {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** Newest first, keyset-paged on (at, notificationId). */
  async inboxOf(personId: string, page: { limit: number; cursor?: string | null }): Promise<Page<NotificationView>> {
    const cursor = decodeKeysetCursor(page.cursor, 2);
    const params: unknown[] = [personId, page.limit + 1];
    let after = '';
    if (cursor) {
      params.push(cursor[0], cursor[1]);
      after = `AND (n.at, n.notification_id) < ($3::timestamptz, $4::text)`;
    }
    const rows: NotificationRow[] = await this.db.query(
      `SELECT n.notification_id, n.kind, n.level, n.recipient_role, n.at, r.read_at, n.case_id, c.case_no,
              CASE WHEN t.task_id IS NULL THEN NULL
                   ELSE json_build_object('taskId', t.task_id, 'stage', t.stage, 'kind', t.kind, 'title', t.title,
                                          'status', t.status, 'assigneeId', t.assignee_id, 'dueAt', t.due_at,
                                          'warningLevel', t.warning_level)
              END AS task
         ${VISIBLE}
         LEFT JOIN case_tasks t ON t.task_id = n.task_id
        WHERE ${VISIBLE_WHERE} ${after}
        ORDER BY n.at DESC, n.notification_id DESC
        LIMIT $2`,
      params,
    );
    const items = rows.slice(0, page.limit).map(toView);
    const last = items.at(-1);
    return {
      items,
      nextCursor: rows.length > page.limit && last ? encodeKeysetCursor([last.at, last.notificationId]) : null,
    };
  }

  async unreadCount(personId: string): Promise<number> {
    const rows: { unread: number }[] = await this.db.query(
      `SELECT count(*)::int AS unread ${VISIBLE} WHERE ${VISIBLE_WHERE} AND r.read_at IS NULL`,
      [personId],
    );
    return rows[0]?.unread ?? 0;
  }

  /**
   * Marks one of the person's notifications read; the first read time stays, so a repeat answers the same.
   * Null when the notification is not theirs to see (unknown, someone else's, or withheld).
   */
  async markRead(personId: string, notificationId: string): Promise<{ readAt: string } | null> {
    const visible: unknown[] = await this.db.query(
      `SELECT 1 ${VISIBLE} WHERE ${VISIBLE_WHERE} AND n.notification_id = $2`,
      [personId, notificationId],
    );
    if (visible.length === 0) return null;
    await this.db.query(
      `INSERT INTO notification_reads (notification_id, person_id, read_at) VALUES ($1, $2, now())
       ON CONFLICT (notification_id, person_id) DO NOTHING`,
      [notificationId, personId],
    );
    const rows: { read_at: Date }[] = await this.db.query(
      `SELECT read_at FROM notification_reads WHERE notification_id = $1 AND person_id = $2`,
      [notificationId, personId],
    );
    return { readAt: rows[0].read_at.toISOString() };
  }
}
