/** A case number (立案编号) is `YYYY-NNNNNN`: the year it was filed and its place in that year's count. */
export function formatCaseNo(year: number, seq: number): string {
  return `${String(year).padStart(4, '0')}-${String(seq).padStart(6, '0')}`;
}

export function parseCaseNo(caseNo: string): { year: number; seq: number } | null {
  const match = /^(\d{4})-(\d{4,6})$/.exec(caseNo);
  return match ? { year: Number(match[1]), seq: Number(match[2]) } : null;
}

/** Used for a jurisdiction that has no template of its own and no `*` template is configured. */
export const DEFAULT_DOCUMENT_NO_TEMPLATE = '〔{year}〕{seq}号';

/**
 * The commission's document number (文号) of a case, e.g. `清纪立〔2026〕123号`, from the jurisdiction's
 * template (`*` for any other); the sequence is written without leading zeros, as on paper.
 */
export function documentNoOf(
  templates: Readonly<Record<string, string>>,
  jurisdictionId: string,
  caseNo: string,
): string | null {
  const parsed = parseCaseNo(caseNo);
  if (!parsed) return null;
  const template = templates[jurisdictionId] ?? templates['*'] ?? DEFAULT_DOCUMENT_NO_TEMPLATE;
  return template.replaceAll('{year}', String(parsed.year)).replaceAll('{seq}', String(parsed.seq));
}
