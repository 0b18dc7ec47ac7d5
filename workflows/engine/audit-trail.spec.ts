import { AuditTrail } from './audit-trail';

describe('AuditTrail', () => {
  const clock = { now: () => Date.parse('2026-03-02T01:00:00.000Z') };

  it('numbers entries under its prefix from where a continued run left off', () => {
    const trail = new AuditTrail('rectification-7', 'rectification-7', clock, 41);
    const first = trail.next('ITEM_ADDED', 'p-1', { itemKey: 'a' });
    const second = trail.next('ITEM_ADDED', null, { itemKey: 'b' });
    expect([first.eventKey, second.eventKey, trail.lastStep]).toEqual(['rectification-7:42', 'rectification-7:43', 43]);
    expect(first).toMatchObject({ caseId: 'rectification-7', actorId: 'p-1', at: '2026-03-02T01:00:00.000Z' });
  });

  it('keeps a branch on its own keys and refuses a second branch of the same name', () => {
    const trail = new AuditTrail('case-X-1', 'case-X-1', clock);
    const tasks = trail.branch('tasks');
    expect(tasks.next('TASK_OPENED', null, {}).eventKey).toBe('case-X-1/tasks:1');
    expect(trail.next('CASE_OPENED', null, {}).eventKey).toBe('case-X-1:1');
    expect(() => trail.branch('tasks')).toThrow('audit trail case-X-1/tasks already exists');
  });
});
