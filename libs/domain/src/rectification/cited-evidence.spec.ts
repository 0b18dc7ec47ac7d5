import { citedEvidenceProblems } from './cited-evidence';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const caseFile = new Map([
  ['att-1', A],
  ['att-2', B],
]);

describe('citedEvidenceProblems', () => {
  it('accepts references to attachments of the case with their stored checksums', () => {
    expect(
      citedEvidenceProblems(
        [
          { id: 'att-1', sha256: A },
          { id: 'att-2', sha256: B },
        ],
        caseFile,
      ),
    ).toEqual([]);
  });

  it('names each reference that is not in the case file or cites other bytes, by position', () => {
    expect(
      citedEvidenceProblems(
        [
          { id: 'att-1', sha256: A },
          { id: 'att-elsewhere', sha256: A },
          { id: 'att-2', sha256: A },
        ],
        caseFile,
      ),
    ).toEqual([
      { index: 1, reason: 'NOT_IN_CASE_FILE', message: 'att-elsewhere is not an attachment of the case' },
      { index: 2, reason: 'CHECKSUM_MISMATCH', message: `att-2 is stored with SHA-256 ${B}, not ${A}` },
    ]);
  });

  it('refuses every reference when the case file is empty', () => {
    expect(citedEvidenceProblems([{ id: 'att-1', sha256: A }], new Map()).map((p) => p.reason)).toEqual([
      'NOT_IN_CASE_FILE',
    ]);
  });
});
