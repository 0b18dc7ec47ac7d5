import { endOfShanghaiDay } from '../calendar';
import { findingsListNo, recheckDecisionProblem, recheckDueAtMs } from './recheck';

/** LIST_NO_PATTERN of libs/contracts (the domain imports nothing internal). */
const LIST_NO_PATTERN_FOR_TEST = /^[A-Za-z0-9-]{3,40}$/;
const NOW = Date.parse('2026-12-07T10:00:00+08:00');
const ITEMS = [
  { itemKey: 'A', state: 'VERIFIED_CLOSED' as const },
  { itemKey: 'B', state: 'VERIFIED_CLOSED' as const },
  { itemKey: 'C', state: 'IN_PROGRESS' as const },
];

describe('recheckDueAtMs', () => {
  it('falls six months after the day of completion, at the end of that Shanghai day', () => {
    expect(recheckDueAtMs(NOW, 6)).toBe(endOfShanghaiDay('2027-06-07'));
  });
  it('takes the month end when the month has no such date', () => {
    expect(recheckDueAtMs(Date.parse('2026-08-31T09:00:00+08:00'), 6)).toBe(endOfShanghaiDay('2027-02-28'));
  });
});

describe('recheckDecisionProblem', () => {
  it('accepts CONFIRM without items and REOPEN of signed-off items with future due dates', () => {
    expect(recheckDecisionProblem({ outcome: 'CONFIRM', reopen: [] }, ITEMS, NOW)).toBeNull();
    expect(
      recheckDecisionProblem({ outcome: 'REOPEN', reopen: [{ itemKey: 'A', dueDate: '2027-01-31' }] }, ITEMS, NOW),
    ).toBeNull();
  });
  it.each([
    ['an unknown outcome', { outcome: 'MAYBE', reopen: [] }, 'CONFIRM or REOPEN'],
    [
      'CONFIRM naming items',
      { outcome: 'CONFIRM', reopen: [{ itemKey: 'A', dueDate: '2027-01-31' }] },
      'names no item',
    ],
    ['REOPEN naming none', { outcome: 'REOPEN', reopen: [] }, 'names the items'],
    [
      'an item not on the list',
      { outcome: 'REOPEN', reopen: [{ itemKey: 'Z', dueDate: '2027-01-31' }] },
      'not on this list',
    ],
    [
      'an item not signed off',
      { outcome: 'REOPEN', reopen: [{ itemKey: 'C', dueDate: '2027-01-31' }] },
      'not signed off',
    ],
    [
      'an item named twice',
      {
        outcome: 'REOPEN',
        reopen: [
          { itemKey: 'A', dueDate: '2027-01-31' },
          { itemKey: 'A', dueDate: '2027-02-28' },
        ],
      },
      'named twice',
    ],
    ['a past due date', { outcome: 'REOPEN', reopen: [{ itemKey: 'B', dueDate: '2026-12-06' }] }, 'already passed'],
    ['no date', { outcome: 'REOPEN', reopen: [{ itemKey: 'B', dueDate: '2026-02-30' }] }, 'not a YYYY-MM-DD'],
  ])('refuses %s', (_what, decision, message) => {
    expect(recheckDecisionProblem(decision, ITEMS, NOW)).toContain(message);
  });
});

describe('findingsListNo', () => {
  it('names one list per source, in the list-number pattern', () => {
    const a = findingsListNo('2026-000123', 'case-u-county-x-2026-000123');
    expect(a).toBe(findingsListNo('2026-000123', 'case-u-county-x-2026-000123'));
    expect(a).not.toBe(findingsListNo('2026-000123', 'case-u-county-x-2026-000123/trace-back/review-1'));
    expect(a).toMatch(LIST_NO_PATTERN_FOR_TEST);
  });
});
