/**
 * Stable failure types. Update validators and activities throw `ApplicationFailure`s with one of these
 * types; the gateway maps each to one HTTP status and problem code (apps/gateway problem filter).
 */
export enum CaseFailure {
  WrongStage = 'WrongStage',
  TaskNotFound = 'TaskNotFound',
  StaleTaskVersion = 'StaleTaskVersion',
  NotAssignee = 'NotAssignee',
  RoleNotAllowed = 'RoleNotAllowed',
  RecusedApprover = 'RecusedApprover',
  DuplicateDecision = 'DuplicateDecision',
  OutcomeNotAllowed = 'OutcomeNotAllowed',
  InvalidDecision = 'InvalidDecision',
  ExtensionLimitReached = 'ExtensionLimitReached',
  CaseMissing = 'CaseMissing',
  UnknownPolicy = 'UnknownPolicy',
  MissingEvidence = 'MissingEvidence',
  VerifierIsResponsiblePerson = 'VerifierIsResponsiblePerson',
  InvalidRectificationList = 'InvalidRectificationList',
  OrgModelMissing = 'OrgModelMissing',
  /** Preliminary verification or investigation named with fewer than two people, a subject or a recused person. */
  InvestigationTeamInvalid = 'InvestigationTeamInvalid',
  /** An investigative measure the rules do not allow at this stage. */
  MeasureNotAllowed = 'MeasureNotAllowed',
}
