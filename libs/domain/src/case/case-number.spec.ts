import { documentNoOf, formatCaseNo, parseCaseNo } from './case-number';

describe('case numbers and document numbers', () => {
  it('writes the sequence with six digits and reads it back', () => {
    expect(formatCaseNo(2026, 123)).toBe('2026-000123');
    expect(parseCaseNo('2026-000123')).toEqual({ year: 2026, seq: 123 });
    expect(parseCaseNo('2025-0042')).toEqual({ year: 2025, seq: 42 });
    expect(parseCaseNo('SC-1')).toBeNull();
  });

  it("fills the jurisdiction's template, then the `*` one, then the built-in one", () => {
    const templates = { 'u-county-committee': '清纪立〔{year}〕{seq}号', '*': '纪立〔{year}〕{seq}号' };
    expect(documentNoOf(templates, 'u-county-committee', '2026-000123')).toBe('清纪立〔2026〕123号');
    expect(documentNoOf(templates, 'u-city-committee', '2026-000007')).toBe('纪立〔2026〕7号');
    expect(documentNoOf({}, 'u-city-committee', '2026-000007')).toBe('〔2026〕7号');
  });
});
