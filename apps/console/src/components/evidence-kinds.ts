/** The kinds of evidence an attachment or a rectification report names (`EvidenceKind` in the API). */
export const EVIDENCE_KINDS = [
  'DOCUMENT',
  'MEETING_MINUTES',
  'REGULATION',
  'FINANCIAL_RECORD',
  'PHOTO',
  'TRAINING_RECORD',
  'OTHER',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
