import type { DataSource } from 'typeorm';
import { createDataSource } from '../create-data-source';
import { runMigrations } from '../schema';
import { aCaseProjection, aNotification, aTaskProjection } from '../testing/projection-builders';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { NotificationQueries } from './notification.queries';
import { insertNotification, upsertCase, upsertTask } from './projection-writes';
import { InvalidCursorError } from './supervision.queries';
import { TaskInboxQueries } from './task-inbox.queries';

/** GET /notifications and GET /tasks on the read model: paging, read state and need-to-know (DOMAIN §8). */
let db: TestDatabase;
let ds: DataSource;
let notifications: NotificationQueries;
let inbox: TaskInboxQueries;

beforeAll(async () => {
  db = await createTestDatabase();
  await runMigrations(db.url);
  ds = await createDataSource(db.url).initialize();
  notifications = new NotificationQueries(ds);
  inbox = new TaskInboxQueries(ds);
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

const minutes = (n: number) => new Date(Date.UTC(2026, 2, 10, 8, n)).toISOString();

describe('NotificationQueries', () => {
  it('pages a person’s notifications newest first with their case and task, and counts the unread ones', async () => {
    const person = 'p-pager';
    const kase = aCaseProjection({ participantIds: [person], targetIds: [] });
    const task = aTaskProjection({ caseId: kase.caseId, assigneeId: 'p-other', title: 'Register the lead' });
    await upsertCase(ds.manager, kase);
    await upsertTask(ds.manager, task);
    for (let i = 0; i < 5; i++) {
      await insertNotification(
        ds.manager,
        aNotification({ caseId: kase.caseId, taskId: task.taskId, recipientId: person, level: i, at: minutes(i) }),
      );
    }
    await insertNotification(ds.manager, aNotification({ caseId: kase.caseId, recipientId: 'p-someone-else' }));

    const first = await notifications.inboxOf(person, { limit: 2 });
    const second = await notifications.inboxOf(person, { limit: 2, cursor: first.nextCursor });
    const third = await notifications.inboxOf(person, { limit: 2, cursor: second.nextCursor });
    expect([...first.items, ...second.items, ...third.items].map((n) => n.level)).toEqual([4, 3, 2, 1, 0]);
    expect(third.nextCursor).toBeNull();
    expect(first.items[0]).toMatchObject({
      caseId: kase.caseId,
      caseNo: kase.caseNo,
      readAt: null,
      task: { taskId: task.taskId, title: 'Register the lead', assigneeId: 'p-other', status: 'OPEN' },
    });
    expect(first.items[0].notificationId).toMatch(/^n-[0-9a-f]{32}$/);
    expect(await notifications.unreadCount(person)).toBe(5);
    await expect(notifications.inboxOf(person, { limit: 2, cursor: 'garbage' })).rejects.toThrow(InvalidCursorError);
  });

  it('marks a notification read once: a repeat keeps the first time, another person cannot mark it', async () => {
    const person = 'p-reader';
    const notice = aNotification({ recipientId: person });
    await insertNotification(ds.manager, notice);
    const [{ notificationId }] = (await notifications.inboxOf(person, { limit: 1 })).items;

    expect(await notifications.markRead('p-not-the-recipient', notificationId)).toBeNull();
    const first = await notifications.markRead(person, notificationId);
    const again = await notifications.markRead(person, notificationId);
    expect(first).not.toBeNull();
    expect(again).toEqual(first);
    expect(await notifications.unreadCount(person)).toBe(0);
    expect((await notifications.inboxOf(person, { limit: 1 })).items[0].readAt).toBe(first?.readAt);
    expect(await notifications.markRead(person, `n-${'f'.repeat(32)}`)).toBeNull();
  });

  it('never delivers a notification to a person the case is about or one recused from it, neither at write nor at read', async () => {
    const subject = 'p-subject-staff';
    const kase = aCaseProjection({ targetIds: [subject], projectionVersion: 1 });
    await upsertCase(ds.manager, kase);
    const atWrite = aNotification({ caseId: kase.caseId, recipientId: subject, kind: 'escalation' });
    await insertNotification(ds.manager, atWrite);
    const stored = await ds.query(`SELECT recipient_id FROM case_notifications WHERE notification_key = $1`, [
      atWrite.notificationKey,
    ]);
    expect(stored).toEqual([{ recipient_id: null }]);

    // A candidate added after a reminder reached them: the old row stays, but they no longer see it.
    const candidate = 'p-later-candidate';
    await insertNotification(ds.manager, aNotification({ caseId: kase.caseId, recipientId: candidate }));
    expect(await notifications.unreadCount(candidate)).toBe(1);
    await upsertCase(ds.manager, { ...kase, targetIds: [subject, candidate], projectionVersion: 2 });
    const hidden = await notifications.inboxOf(candidate, { limit: 10 });
    expect(hidden.items).toEqual([]);
    expect(await notifications.unreadCount(candidate)).toBe(0);
    expect(await notifications.inboxOf(subject, { limit: 10 })).toEqual({ items: [], nextCursor: null });

    // A colleague recused from the case (回避) is told nothing of it either.
    await upsertCase(ds.manager, {
      ...kase,
      targetIds: [subject, candidate],
      recusedIds: ['p-recused'],
      projectionVersion: 3,
    });
    const toRecused = aNotification({ caseId: kase.caseId, recipientId: 'p-recused', kind: 'reassignment' });
    await insertNotification(ds.manager, toRecused);
    expect(
      await ds.query(`SELECT recipient_id FROM case_notifications WHERE notification_key = $1`, [
        toRecused.notificationKey,
      ]),
    ).toEqual([{ recipient_id: null }]);
    expect(await notifications.unreadCount('p-recused')).toBe(0);
  });
});

describe('TaskInboxQueries', () => {
  it('lists a collective decision for every voter until they voted, marked VOTER', async () => {
    const kase = aCaseProjection({ targetIds: [] });
    await upsertCase(ds.manager, kase);
    const vote = aTaskProjection({
      caseId: kase.caseId,
      kind: 'collectiveDecision',
      assigneeId: 'p-chair',
      voterIds: ['p-chair', 'p-member-a', 'p-member-b'],
      history: [{ at: minutes(1), action: 'VOTED', actorId: 'p-member-b' }],
      dueAt: '2099-01-01T00:00:00.000Z',
    });
    await upsertTask(ds.manager, vote);
    const listed = async (person: string) =>
      (await inbox.openTasksOf(person, { limit: 50 })).items
        .filter((t) => t.taskId === vote.taskId)
        .map((t) => t.inboxReason);
    expect(await listed('p-chair')).toEqual(['VOTER']);
    expect(await listed('p-member-a')).toEqual(['VOTER']);
    expect(await listed('p-member-b')).toEqual([]);
    expect(await listed('p-not-a-member')).toEqual([]);
  });

  it('lists an overdue task for the person its escalation reached, with its assignee, while it stays overdue', async () => {
    const kase = aCaseProjection({ targetIds: ['p-subject-superior'] });
    await upsertCase(ds.manager, kase);
    const task = aTaskProjection({ caseId: kase.caseId, assigneeId: 'p-late-officer', warningLevel: 'overdue' });
    await upsertTask(ds.manager, task);
    for (const recipientId of ['p-superior', 'p-subject-superior']) {
      await insertNotification(
        ds.manager,
        aNotification({ caseId: kase.caseId, taskId: task.taskId, kind: 'escalation', recipientId }),
      );
    }
    expect(
      (await inbox.openTasksOf('p-superior', { limit: 50 })).items.find((t) => t.taskId === task.taskId),
    ).toMatchObject({
      inboxReason: 'ESCALATED',
      assigneeId: 'p-late-officer',
      overdue: true,
    });
    expect(
      (await inbox.openTasksOf('p-late-officer', { limit: 50 })).items.find((t) => t.taskId === task.taskId),
    ).toMatchObject({
      inboxReason: 'ASSIGNED',
    });
    expect((await inbox.openTasksOf('p-subject-superior', { limit: 50 })).items).toEqual([]);

    await upsertTask(ds.manager, { ...task, warningLevel: 'green', projectionVersion: 2 });
    expect((await inbox.openTasksOf('p-superior', { limit: 50 })).items.map((t) => t.taskId)).not.toContain(
      task.taskId,
    );
  });
});
