import fc from 'fast-check';
import { listCompletion } from './rectification-list';
import { validateListImport, type ImportRow } from './list-import';
import { superviseRectification, type SupervisedItem } from './supervision';
import { RECTIFICATION_ITEM_STATES } from './rectification-item';

const NOW = Date.UTC(2026, 3, 1, 2); // 2026-04-01 10:00 Shanghai
const DAY = 24 * 60 * 60 * 1000;
const reference = { unitIds: ['u-city-housing', 'u-city-transport'], personIds: ['p-0012', 'p-0013'] };

const row = (over: Partial<ImportRow> = {}): ImportRow => ({
  itemKey: 'I-1',
  problem: 'procurement without tender',
  measure: 'adopt tender rules',
  responsiblePersonId: 'p-0012',
  responsibleUnitId: 'u-city-housing',
  dueDate: '2026-06-30',
  evidenceRequirements: [{ kind: 'REGULATION', description: 'the adopted rules' }],
  ...over,
});

describe('problem-list import', () => {
  it('accepts a clean list and dues each item at the end of its Shanghai day', () => {
    const result = validateListImport(
      [row(), row({ itemKey: 'I-2', responsibleUnitId: 'u-city-transport', responsiblePersonId: 'p-0013' })],
      { nowMs: NOW, reference },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.items).toHaveLength(2);
    expect(new Date(result.items[0].dueAtMs).toISOString()).toBe('2026-06-30T15:59:59.999Z');
  });

  it('reports every bad row and field, and accepts nothing', () => {
    const result = validateListImport(
      [
        row(),
        row({ itemKey: 'I-1', problem: '  ' }),
        row({ itemKey: 'I-3', responsibleUnitId: 'u-nowhere', responsiblePersonId: 'p-9999' }),
        row({ itemKey: 'I-4', dueDate: '2026-03-01', evidenceRequirements: [{ kind: 'SELFIE', description: 'x' }] }),
        row({ itemKey: 'I-5', measure: undefined, dueDate: '2026-02-30' }),
      ],
      { nowMs: NOW, reference },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [1, 'itemKey', 'DUPLICATE_KEY'],
      [1, 'problem', 'MISSING'],
      [2, 'responsiblePersonId', 'UNKNOWN_PERSON'],
      [2, 'responsibleUnitId', 'UNKNOWN_UNIT'],
      [3, 'dueDate', 'DEADLINE_IN_PAST'],
      [3, 'evidenceRequirements[0].kind', 'UNKNOWN_EVIDENCE_KIND'],
      [4, 'measure', 'MISSING'],
      [4, 'dueDate', 'INVALID'],
    ]);
  });

  it('rejects a deadline more than five years ahead as a typing error, and accepts one just inside', () => {
    const result = validateListImport(
      [row({ dueDate: '2099-12-31' }), row({ itemKey: 'I-2', dueDate: '2031-03-01' })],
      {
        nowMs: NOW,
        reference,
      },
    );
    expect(result).toMatchObject({ ok: false, errors: [{ row: 0, field: 'dueDate', code: 'DEADLINE_TOO_FAR' }] });
    if (!result.ok) expect(result.errors).toHaveLength(1);
  });

  it('checks ids only for shape when no org snapshot is given', () => {
    expect(validateListImport([row({ responsibleUnitId: 'u-nowhere' })], { nowMs: NOW }).ok).toBe(true);
  });

  it('rejects texts that cannot be stored: NUL, an unpaired surrogate, a control character', () => {
    const result = validateListImport(
      [
        row({ problem: 'a\u0000b' }),
        row({ itemKey: 'I-2', measure: 'fix \ud800 it' }),
        row({ itemKey: 'I-3', evidenceRequirements: [{ kind: 'REGULATION', description: 'rules\u001b' }] }),
      ],
      { nowMs: NOW, reference },
    );
    expect(result).toMatchObject({
      ok: false,
      errors: [
        { row: 0, field: 'problem', code: 'INVALID', message: expect.stringContaining('U+0000') },
        { row: 1, field: 'measure', code: 'INVALID', message: expect.stringContaining('U+D800') },
        { row: 2, field: 'evidenceRequirements[0].description', code: 'INVALID' },
      ],
    });
  });

  it('rejects an empty list', () => {
    expect(validateListImport([], { nowMs: NOW })).toMatchObject({
      ok: false,
      errors: [{ code: 'MISSING', field: 'items' }],
    });
  });

  it('accepts a list exactly when no row has an error, whatever rows are broken', () => {
    const broken = fc.constantFrom<Partial<ImportRow>>(
      {},
      { problem: '' },
      { dueDate: '2020-01-01' },
      { responsibleUnitId: 'u-x' },
      { evidenceRequirements: [{ kind: 'NOPE', description: 'x' }] },
    );
    fc.assert(
      fc.property(fc.array(broken, { minLength: 1, maxLength: 12 }), (overrides) => {
        const rows = overrides.map((o, i) => row({ itemKey: `I-${i}`, ...o }));
        const result = validateListImport(rows, { nowMs: NOW, reference });
        const badRows = overrides.map((o, i) => (Object.keys(o).length > 0 ? i : -1)).filter((i) => i >= 0);
        if (result.ok) expect(badRows).toEqual([]);
        else expect([...new Set(result.errors.map((e) => e.row))]).toEqual(badRows);
      }),
    );
  });
});

describe('list completion', () => {
  it('is complete only when every item is signed off', () => {
    expect(listCompletion([{ state: 'VERIFIED_CLOSED' }, { state: 'SUBMITTED' }])).toEqual({
      total: 2,
      signedOff: 1,
      completionRate: 0.5,
      complete: false,
    });
    expect(listCompletion([{ state: 'VERIFIED_CLOSED' }, { state: 'VERIFIED_CLOSED' }]).complete).toBe(true);
    expect(listCompletion([]).complete).toBe(false);
  });
  it('is complete iff the rate is 1', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...RECTIFICATION_ITEM_STATES), { minLength: 1, maxLength: 50 }),
        (states) => {
          const c = listCompletion(states.map((state) => ({ state })));
          expect(c.complete).toBe(c.completionRate === 1);
          expect(c.complete).toBe(states.every((s) => s === 'VERIFIED_CLOSED'));
        },
      ),
    );
  });
});

describe('supervision aggregation', () => {
  const item = (over: Partial<SupervisedItem>): SupervisedItem => ({
    listId: 'rectification-2026-001',
    itemKey: 'I-1',
    responsibleUnitId: 'u-city-housing',
    responsiblePersonId: 'p-0012',
    state: 'IN_PROGRESS',
    dueAtMs: NOW + DAY,
    submittedAtMs: null,
    reopenCount: 0,
    flaggedToSupervisors: false,
    ...over,
  });
  it('lists overdue items with days overdue, reopened items, and completion by unit', () => {
    const view = superviseRectification(
      [
        item({ itemKey: 'I-1', dueAtMs: NOW - 5 * DAY }),
        item({ itemKey: 'I-2', dueAtMs: NOW - 2 * DAY, reopenCount: 2, flaggedToSupervisors: true, state: 'REJECTED' }),
        item({ itemKey: 'I-3', state: 'VERIFIED_CLOSED', dueAtMs: NOW - 9 * DAY, reopenCount: 1 }),
        item({ itemKey: 'I-4', responsibleUnitId: 'u-city-transport', state: 'VERIFIED_CLOSED' }),
      ],
      NOW,
    );
    expect(view.overdue.map((i) => [i.itemKey, i.daysOverdue])).toEqual([
      ['I-1', 5],
      ['I-2', 2],
    ]);
    expect(view.reopened.map((i) => [i.itemKey, i.reopenCount, i.flaggedToSupervisors])).toEqual([
      ['I-2', 2, true],
      ['I-3', 1, false],
    ]);
    expect(view.completionByUnit).toEqual([
      { unitId: 'u-city-housing', total: 3, signedOff: 1, completionRate: 0.3333 },
      { unitId: 'u-city-transport', total: 1, signedOff: 1, completionRate: 1 },
    ]);
  });
});
