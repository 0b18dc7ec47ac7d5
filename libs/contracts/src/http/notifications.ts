import { z } from 'zod';

/** Notification ids are digests of the notification's key (`n-` and 32 hex digits); they name no workflow. */
export const notificationIdSchema = z
  .string()
  .regex(/^n-[0-9a-f]{32}$/, 'must be a notification id such as n-3f2a…')
  .meta({ example: 'n-3f2a9c0e1b7d4e5fa6c8d9e0f1a2b3c4' });

export const notificationListQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export type NotificationListQuery = z.infer<typeof notificationListQuerySchema>;

export const notificationSchema = z
  .object({
    notificationId: z.string(),
    /** reminder (before the due date), warning (yellow/red), escalation (overdue), reassignment (the task moved to you). */
    kind: z.enum(['reminder', 'escalation', 'warning', 'reassignment']),
    /** The escalation step (0 = the assignee's reminder, 1 = superior, …). */
    level: z.number().int(),
    /** Why it reached you: assignee, superior, caseManagement, leaderInCharge, higherCommission. */
    recipientRole: z.string(),
    /** Case time: under a compressed policy it runs ahead of the wall clock. */
    at: z.string(),
    read: z.boolean(),
    readAt: z.string().nullable(),
    caseId: z.string(),
    /** Null for a problem list's task (整改), which has no case number. */
    caseNo: z.string().nullable(),
    task: z
      .object({
        taskId: z.string(),
        stage: z.string(),
        kind: z.string(),
        title: z.string(),
        status: z.string(),
        assigneeId: z.string(),
        dueAt: z.string(),
        warningLevel: z.string(),
      })
      .nullable(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof notificationSchema>;

export const notificationListSchema = z.object({
  items: z.array(notificationSchema),
  /** Unread notifications of the caller in all, not only on this page. */
  unreadCount: z.number().int(),
  /** Absent on the last page. */
  nextCursor: z.string().optional(),
});
export type NotificationList = z.infer<typeof notificationListSchema>;

export const notificationReadSchema = z.object({ notificationId: z.string(), readAt: z.string() });
export type NotificationRead = z.infer<typeof notificationReadSchema>;
