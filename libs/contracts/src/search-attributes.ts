import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Search attributes power the supervisors' views in the Temporal Web UI. Anyone with Temporal access can
 * read them, so they carry opaque ids only: never a subject's or a complainant's name.
 */
export const CaseNoKey = defineSearchAttributeKey('CaseNo', SearchAttributeType.KEYWORD);
export const CaseStageKey = defineSearchAttributeKey('CaseStage', SearchAttributeType.KEYWORD);
export const CaseUnitKey = defineSearchAttributeKey('CaseUnit', SearchAttributeType.KEYWORD);
export const CaseAssigneeKey = defineSearchAttributeKey('CaseAssignee', SearchAttributeType.KEYWORD_LIST);
export const DeadlineAtKey = defineSearchAttributeKey('DeadlineAt', SearchAttributeType.DATETIME);
export const CaseOverdueKey = defineSearchAttributeKey('CaseOverdue', SearchAttributeType.BOOL);
export const EscalationLevelKey = defineSearchAttributeKey('EscalationLevel', SearchAttributeType.INT);
export const DeadlineProvisionalKey = defineSearchAttributeKey('DeadlineProvisional', SearchAttributeType.BOOL);

/** Registered by infra (dev server flags, or `temporal operator search-attribute create` in production). */
export const SEARCH_ATTRIBUTE_DEFINITIONS = [
  { name: CaseNoKey.name, temporalType: 'Keyword' },
  { name: CaseStageKey.name, temporalType: 'Keyword' },
  { name: CaseUnitKey.name, temporalType: 'Keyword' },
  { name: CaseAssigneeKey.name, temporalType: 'KeywordList' },
  { name: DeadlineAtKey.name, temporalType: 'Datetime' },
  { name: CaseOverdueKey.name, temporalType: 'Bool' },
  { name: EscalationLevelKey.name, temporalType: 'Int' },
  { name: DeadlineProvisionalKey.name, temporalType: 'Bool' },
] as const;
