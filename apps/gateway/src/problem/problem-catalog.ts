import { ProblemCode } from '@shuangcha/contracts/http';

export interface ProblemMeta {
  status: number;
  title: string;
}

function assertUnreachable(value: never): never {
  throw new Error(`unmapped problem code ${String(value)}`);
}

/** The one place a code gets its HTTP status; the switch is exhaustive, so a new code cannot go unmapped. */
export function problemMeta(code: ProblemCode): ProblemMeta {
  switch (code) {
    case ProblemCode.ValidationFailed:
      return { status: 400, title: 'Request validation failed' };
    case ProblemCode.MalformedJson:
      return { status: 400, title: 'Malformed JSON body' };
    case ProblemCode.IdempotencyKeyRequired:
      return { status: 400, title: 'Idempotency-Key header required' };
    case ProblemCode.Unauthenticated:
      return { status: 401, title: 'Authentication required' };
    case ProblemCode.Forbidden:
      return { status: 403, title: 'Not permitted' };
    case ProblemCode.RoleNotAllowed:
      return { status: 403, title: 'Role not allowed for this step' };
    case ProblemCode.NotAssignee:
      return { status: 403, title: 'Not the assignee' };
    case ProblemCode.NotFound:
      return { status: 404, title: 'Not found' };
    case ProblemCode.CaseNotFound:
      return { status: 404, title: 'Case not found' };
    case ProblemCode.TaskNotFound:
      return { status: 404, title: 'Task not found' };
    case ProblemCode.NotificationNotFound:
      return { status: 404, title: 'Notification not found' };
    case ProblemCode.PersonNotFound:
      return { status: 404, title: 'Person not found' };
    case ProblemCode.CaseAlreadyFiled:
      return { status: 409, title: 'Case already filed' };
    case ProblemCode.WrongStage:
      return { status: 409, title: 'Wrong stage' };
    case ProblemCode.RecusedApprover:
      return { status: 409, title: 'Recused' };
    case ProblemCode.DuplicateDecision:
      return { status: 409, title: 'Already decided' };
    case ProblemCode.StaleTaskVersion:
      return { status: 409, title: 'Stale task version' };
    case ProblemCode.TaskClosed:
      return { status: 409, title: 'Task closed' };
    case ProblemCode.ExtensionLimitReached:
      return { status: 409, title: 'Extension limit reached' };
    case ProblemCode.PayloadTooLarge:
      return { status: 413, title: 'Request body too large' };
    case ProblemCode.UnsupportedMediaType:
      return { status: 415, title: 'Unsupported media type' };
    case ProblemCode.IdempotencyKeyReused:
      return { status: 422, title: 'Idempotency-Key reused with a different request' };
    case ProblemCode.IdempotencyKeyInProgress:
      return { status: 409, title: 'A request with this Idempotency-Key is still running' };
    case ProblemCode.RateLimited:
      return { status: 429, title: 'Too many requests' };
    case ProblemCode.InvalidDecision:
      return { status: 422, title: 'Invalid decision' };
    case ProblemCode.OutcomeNotAllowed:
      return { status: 422, title: 'Outcome not allowed' };
    case ProblemCode.UpdateRejected:
      return { status: 422, title: 'Request rejected by the case' };
    case ProblemCode.PolicyNotAllowed:
      return { status: 422, title: 'Policy version not allowed' };
    case ProblemCode.DateOfRecordInvalid:
      return { status: 422, title: 'Date of record not possible' };
    case ProblemCode.InvestigationTeamInvalid:
      return { status: 422, title: 'Investigation team invalid' };
    case ProblemCode.MeasureNotAllowed:
      return { status: 422, title: 'Investigative measure not allowed here' };
    case ProblemCode.ParticipantsInvalid:
      return { status: 422, title: 'Case participants invalid' };
    case ProblemCode.CalendarInvalid:
      return { status: 422, title: 'Holiday schedule invalid' };
    case ProblemCode.OrgInvalid:
      return { status: 422, title: 'Org model invalid' };
    case ProblemCode.AttachmentNotFound:
      return { status: 404, title: 'Attachment not found' };
    case ProblemCode.AttachmentTooLarge:
      return { status: 413, title: 'Attachment too large' };
    case ProblemCode.AttachmentTypeNotAllowed:
      return { status: 415, title: 'Attachment type not allowed' };
    case ProblemCode.AttachmentTargetInvalid:
      return { status: 422, title: 'Attachment target not part of the case' };
    case ProblemCode.MultipartInvalid:
      return { status: 400, title: 'Malformed multipart upload' };
    case ProblemCode.CaseClosed:
      return { status: 409, title: 'Case closed' };
    case ProblemCode.CaseNotClosed:
      return { status: 409, title: 'Case not closed' };
    case ProblemCode.DocumentDataMissing:
      return { status: 422, title: 'The case has not recorded what the document states' };
    case ProblemCode.RectificationListNotFound:
      return { status: 404, title: 'Problem list not found' };
    case ProblemCode.RectificationItemNotFound:
      return { status: 404, title: 'Problem list item not found' };
    case ProblemCode.RectificationListExists:
      return { status: 409, title: 'Problem list number already taken' };
    case ProblemCode.InvalidRectificationList:
      return { status: 422, title: 'Invalid problem list' };
    case ProblemCode.MissingEvidence:
      return { status: 422, title: 'Evidence missing' };
    case ProblemCode.EvidenceNotInCaseFile:
      return { status: 422, title: 'Cited evidence is not in the case file' };
    case ProblemCode.CaseFileExportNotFound:
      return { status: 404, title: 'Case file export not found' };
    case ProblemCode.CaseFileExportNotReady:
      return { status: 409, title: 'Case file export not ready' };
    case ProblemCode.VerifierIsResponsiblePerson:
      return { status: 403, title: 'The responsible person cannot verify' };
    case ProblemCode.TemporalUnavailable:
      return { status: 503, title: 'Workflow engine unavailable' };
    case ProblemCode.DatabaseUnavailable:
      return { status: 503, title: 'Database unavailable' };
    case ProblemCode.NoWorker:
      return { status: 503, title: 'No worker is serving cases' };
    case ProblemCode.NotReady:
      return { status: 503, title: 'Not ready' };
    case ProblemCode.PayloadUndecodable:
      return { status: 422, title: 'Payload cannot be decoded' };
    case ProblemCode.Internal:
      return { status: 500, title: 'Internal error' };
    default:
      return assertUnreachable(code);
  }
}

export function problemType(code: ProblemCode): string {
  return `urn:shuangcha:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}
