import { z } from 'zod';

/**
 * Stable, machine-readable codes of every gateway error (RFC 9457 `code` extension). Clients branch on
 * these, never on `title` or `detail`; a code is never renamed, only added.
 */
export enum ProblemCode {
  ValidationFailed = 'VALIDATION_FAILED',
  MalformedJson = 'MALFORMED_JSON',
  IdempotencyKeyRequired = 'IDEMPOTENCY_KEY_REQUIRED',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  RoleNotAllowed = 'ROLE_NOT_ALLOWED',
  NotAssignee = 'NOT_ASSIGNEE',
  NotFound = 'NOT_FOUND',
  CaseNotFound = 'CASE_NOT_FOUND',
  TaskNotFound = 'TASK_NOT_FOUND',
  /** The task's workflow has finished (an investigation concluded): nothing can be decided on it any more. */
  TaskClosed = 'TASK_CLOSED',
  NotificationNotFound = 'NOTIFICATION_NOT_FOUND',
  PersonNotFound = 'PERSON_NOT_FOUND',
  CaseAlreadyFiled = 'CASE_ALREADY_FILED',
  WrongStage = 'WRONG_STAGE',
  RecusedApprover = 'RECUSED_APPROVER',
  DuplicateDecision = 'DUPLICATE_DECISION',
  StaleTaskVersion = 'STALE_TASK_VERSION',
  ExtensionLimitReached = 'EXTENSION_LIMIT_REACHED',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  IdempotencyKeyInProgress = 'IDEMPOTENCY_KEY_IN_PROGRESS',
  RateLimited = 'RATE_LIMITED',
  InvalidDecision = 'INVALID_DECISION',
  OutcomeNotAllowed = 'OUTCOME_NOT_ALLOWED',
  UpdateRejected = 'UPDATE_REJECTED',
  PolicyNotAllowed = 'POLICY_NOT_ALLOWED',
  DateOfRecordInvalid = 'DATE_OF_RECORD_INVALID',
  InvestigationTeamInvalid = 'INVESTIGATION_TEAM_INVALID',
  MeasureNotAllowed = 'MEASURE_NOT_ALLOWED',
  ParticipantsInvalid = 'PARTICIPANTS_INVALID',
  CalendarInvalid = 'CALENDAR_INVALID',
  OrgInvalid = 'ORG_INVALID',
  RectificationListNotFound = 'RECTIFICATION_LIST_NOT_FOUND',
  RectificationItemNotFound = 'RECTIFICATION_ITEM_NOT_FOUND',
  RectificationListExists = 'RECTIFICATION_LIST_EXISTS',
  InvalidRectificationList = 'INVALID_RECTIFICATION_LIST',
  MissingEvidence = 'MISSING_EVIDENCE',
  VerifierIsResponsiblePerson = 'VERIFIER_IS_RESPONSIBLE_PERSON',
  TemporalUnavailable = 'TEMPORAL_UNAVAILABLE',
  DatabaseUnavailable = 'DATABASE_UNAVAILABLE',
  NoWorker = 'NO_WORKER',
  NotReady = 'NOT_READY',
  PayloadUndecodable = 'PAYLOAD_UNDECODABLE',
  AttachmentNotFound = 'ATTACHMENT_NOT_FOUND',
  AttachmentTooLarge = 'ATTACHMENT_TOO_LARGE',
  AttachmentTypeNotAllowed = 'ATTACHMENT_TYPE_NOT_ALLOWED',
  AttachmentTargetInvalid = 'ATTACHMENT_TARGET_INVALID',
  MultipartInvalid = 'MULTIPART_INVALID',
  CaseClosed = 'CASE_CLOSED',
  DocumentDataMissing = 'DOCUMENT_DATA_MISSING',
  CaseNotClosed = 'CASE_NOT_CLOSED',
  /** Cited evidence names no attachment of the case, or another checksum than the stored one. */
  EvidenceNotInCaseFile = 'EVIDENCE_NOT_IN_CASE_FILE',
  CaseFileExportNotFound = 'CASE_FILE_EXPORT_NOT_FOUND',
  /** The export's archive is still being built, or building it failed. */
  CaseFileExportNotReady = 'CASE_FILE_EXPORT_NOT_READY',
  Internal = 'INTERNAL',
}

export const problemFieldErrorSchema = z
  .object({
    path: z.string().meta({ example: 'participants.trialReviewerIds' }),
    message: z.string().meta({ example: 'a trial review needs at least two reviewers (WR art. 55)' }),
  })
  .strict();

/** RFC 9457 problem details, as every 4xx/5xx of the gateway is sent (`application/problem+json`). */
export const problemSchema = z
  .object({
    type: z.string().meta({ example: 'urn:shuangcha:problem:not-assignee' }),
    title: z.string().meta({ example: 'Not the assignee' }),
    status: z.number().int().meta({ example: 403 }),
    detail: z.string().meta({ example: 'p-0007 is not assigned task t-1f0c…' }),
    instance: z.string().meta({ example: '/tasks/t-1f0c/decision' }),
    code: z.enum(ProblemCode),
    traceId: z.string().meta({ example: '6f1c8f0e-3b7a-4a5e-9d57-0d7c1c2b9a11' }),
    errors: z.array(problemFieldErrorSchema).optional(),
    /** Readiness failures name the checks that failed. */
    checks: z.record(z.string(), z.string()).optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof problemSchema>;
export type ProblemFieldError = z.infer<typeof problemFieldErrorSchema>;
