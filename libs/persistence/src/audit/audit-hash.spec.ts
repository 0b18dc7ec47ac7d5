import { createHash } from 'node:crypto';
import { computeAuditHash, GENESIS_HASH, toStoredJson, type AuditHashInput } from './audit-hash';

const entry: AuditHashInput = {
  caseId: 'case-1',
  seq: 1,
  eventKey: 'case-SC-2026-1:filing',
  actorId: 'person-1',
  action: 'stageChanged',
  at: '2026-03-02T01:00:00.000Z',
  before: { stage: 'filing' },
  after: { stage: 'preliminaryVerification' },
  prevHash: GENESIS_HASH,
};

describe('computeAuditHash', () => {
  it('is the SHA-256 of the canonical JSON of exactly the covered fields', () => {
    const canonical =
      '{"action":"stageChanged","actorId":"person-1","after":{"stage":"preliminaryVerification"},' +
      '"at":"2026-03-02T01:00:00.000Z","before":{"stage":"filing"},"caseId":"case-1",' +
      `"eventKey":"case-SC-2026-1:filing","prevHash":"${GENESIS_HASH}","seq":1}`;
    expect(computeAuditHash(entry)).toBe(createHash('sha256').update(canonical, 'utf8').digest('hex'));
  });

  it('does not depend on key order inside before and after', () => {
    const reordered = { ...entry, after: { b: 2, a: 1 } };
    expect(computeAuditHash(reordered)).toBe(computeAuditHash({ ...entry, after: { a: 1, b: 2 } }));
  });

  it('ignores fields it does not cover, such as a stored hash', () => {
    expect(computeAuditHash({ ...entry, hash: 'anything' } as AuditHashInput)).toBe(computeAuditHash(entry));
  });

  it('treats a missing before or after as null', () => {
    expect(computeAuditHash({ ...entry, before: undefined })).toBe(computeAuditHash({ ...entry, before: null }));
  });

  it.each<[keyof AuditHashInput, unknown]>([
    ['caseId', 'case-2'],
    ['seq', 2],
    ['eventKey', 'case-SC-2026-1:other'],
    ['actorId', null],
    ['action', 'decisionRecorded'],
    ['at', '2026-03-02T01:00:00.001Z'],
    ['before', { stage: 'lead' }],
    ['after', { stage: 'investigation' }],
    ['prevHash', 'a'.repeat(64)],
  ])('changes when %s changes', (field, value) => {
    expect(computeAuditHash({ ...entry, [field]: value })).not.toBe(computeAuditHash(entry));
  });
});

describe('toStoredJson', () => {
  it('returns the value as jsonb will give it back: Dates as strings, undefined members dropped', () => {
    expect(toStoredJson({ at: new Date('2026-03-02T01:00:00Z'), gone: undefined, list: [1, 'a'] })).toEqual({
      at: '2026-03-02T01:00:00.000Z',
      list: [1, 'a'],
    });
  });

  it('stores undefined and null alike as SQL NULL', () => {
    expect(toStoredJson(undefined)).toBeNull();
    expect(toStoredJson(null)).toBeNull();
  });
});
