/** A reference to evidence as an Update carries it: the attachment's id and the checksum the citer saw. */
export interface CitedEvidence {
  readonly id: string;
  readonly sha256: string;
}

/** Why one cited reference does not stand; `index` is its position in what the Update carries. */
export interface CitedEvidenceProblem {
  readonly index: number;
  readonly reason: 'NOT_IN_CASE_FILE' | 'CHECKSUM_MISMATCH';
  readonly message: string;
}

/**
 * What a decision or a rectification item cites must be in the case file, and be the bytes the citer saw
 * (issue 13): each reference names an attachment of the case, and its checksum is the stored one. A
 * reference to a file the case never held, or to other bytes than those stored, would put a claim in the
 * record that the archived case file cannot back. `caseFile` maps the case's attachment ids to their SHA-256.
 */
export function citedEvidenceProblems(
  cited: readonly CitedEvidence[],
  caseFile: ReadonlyMap<string, string>,
): CitedEvidenceProblem[] {
  const problems: CitedEvidenceProblem[] = [];
  cited.forEach((ref, index) => {
    const stored = caseFile.get(ref.id);
    if (stored === undefined) {
      problems.push({ index, reason: 'NOT_IN_CASE_FILE', message: `${ref.id} is not an attachment of the case` });
    } else if (stored !== ref.sha256) {
      problems.push({
        index,
        reason: 'CHECKSUM_MISMATCH',
        message: `${ref.id} is stored with SHA-256 ${stored}, not ${ref.sha256}`,
      });
    }
  });
  return problems;
}
