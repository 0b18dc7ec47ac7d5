import { parentActsOn, childProgressOf, deadlineView, NO_DEADLINE, ProgressReporter } from './progress';

describe('deadlineView', () => {
  it('takes the earliest dated clock, any lateness and the highest escalation', () => {
    expect(
      deadlineView([
        { at: 300, overdue: false, level: 0 },
        { at: null, overdue: true, level: 2 },
        { at: 100, overdue: false, level: 1 },
      ]),
    ).toEqual({ deadlineAt: 100, overdue: true, escalationLevel: 2 });
    expect(deadlineView([])).toEqual(NO_DEADLINE);
  });
});

describe('ProgressReporter', () => {
  it('sends a report only when it changed, numbering each sent one when asked', async () => {
    const sent: unknown[] = [];
    const reporter = new ProgressReporter<{ stage: string }>(async (p) => {
      sent.push(p);
    }, true);
    reporter.report({ stage: 'intake' });
    reporter.report({ stage: 'intake' });
    reporter.report({ stage: 'clueDisposal' });
    await reporter.settled();
    expect(sent).toEqual([
      { stage: 'intake', seq: 1 },
      { stage: 'clueDisposal', seq: 2 },
    ]);
  });

  it('drops a report the closed parent refused and sends nothing without a parent', async () => {
    const refused = new ProgressReporter<{ stage: string }>(() => Promise.reject(new Error('closed')), false);
    refused.report({ stage: 'concluded' });
    await expect(refused.settled()).resolves.toBeUndefined();
    const orphan = new ProgressReporter<{ stage: string }>(undefined, false);
    orphan.report({ stage: 'intake' });
    await expect(orphan.settled()).resolves.toBeUndefined();
  });
});

describe('childProgressOf', () => {
  it('reports either child the same way, its due date as an ISO instant', () => {
    const view = { deadlineAt: Date.parse('2026-05-10T15:59:59.999Z'), overdue: true, escalationLevel: 2 };
    expect(childProgressOf('traceBack', 'reviews', view, false)).toEqual({
      role: 'traceBack',
      stage: 'reviews',
      deadlineAt: '2026-05-10T15:59:59.999Z',
      overdue: true,
      escalationLevel: 2,
      concluded: false,
      timelineEntry: undefined,
    });
    expect(childProgressOf('violation', 'concluded', NO_DEADLINE, true).deadlineAt).toBeNull();
  });
});

describe('parentActsOn', () => {
  const due = { deadlineAt: Date.parse('2026-05-10T15:59:59.999Z'), overdue: false, escalationLevel: 0 };
  const running = childProgressOf('violation', 'filing', due, false);
  const entry = { at: '2026-05-01T02:00:00.000Z', stage: 'filing', action: 'PROPOSED', actorId: 'p-1' };

  it('sends the first report, every timeline entry and every change of stage, lateness or escalation', () => {
    expect(parentActsOn(null, running)).toBe(true);
    expect(parentActsOn(running, childProgressOf('violation', 'filing', due, false, entry))).toBe(true);
    expect(parentActsOn(running, childProgressOf('violation', 'investigation', due, false))).toBe(true);
    expect(parentActsOn(running, childProgressOf('violation', 'filing', { ...due, overdue: true }, false))).toBe(true);
    expect(parentActsOn(running, childProgressOf('violation', 'filing', { ...due, escalationLevel: 1 }, false))).toBe(
      true,
    );
    expect(parentActsOn(running, childProgressOf('violation', 'concluded', NO_DEADLINE, true))).toBe(true);
  });

  it('sends a new due date but neither the same standing again nor a due date cleared by a closed task', () => {
    const later = { ...due, deadlineAt: due.deadlineAt + 86_400_000 };
    expect(parentActsOn(running, childProgressOf('violation', 'filing', later, false))).toBe(true);
    expect(parentActsOn(childProgressOf('violation', 'filing', due, false, entry), running)).toBe(false);
    expect(parentActsOn(running, childProgressOf('violation', 'filing', NO_DEADLINE, false))).toBe(false);
  });
});
