import { createZodDto } from 'nestjs-zod';
import {
  rectificationFindingsBodySchema,
  rectificationFindingsResultSchema,
  rectificationRecheckBodySchema,
  rectificationRecheckResultSchema,
  dueDateViewSchema,
  issueDocumentBodySchema,
  caseFileExportSchema,
  attachmentSchema,
  evidenceIndexSchema,
  accountabilityAppealBodySchema,
  accountabilityDecisionBodySchema,
  accountabilityDecisionResultSchema,
  accountabilityViewSchema,
  candidateAddedSchema,
  candidateAdditionBodySchema,
  candidateRemovalBodySchema,
  candidateRemovalRequestedSchema,
  findingsBodySchema,
  findingsSentSchema,
  orgModelBodySchema,
  orgModelSchema,
  orgReplacedSchema,
  appealBodySchema,
  auditLogSchema,
  auditVerificationSchema,
  calendarImportBodySchema,
  calendarImportResultSchema,
  caseCreatedSchema,
  caseDetailSchema,
  caseListSchema,
  codecPayloadsSchema,
  participantProposalSchema,
  conflictBodySchema,
  conflictResultSchema,
  createCaseBodySchema,
  createRectificationListBodySchema,
  decisionBodySchema,
  decisionResultSchema,
  devTokenBodySchema,
  devTokenSchema,
  dualInvestigationBodySchema,
  dualInvestigationResultSchema,
  extensionBodySchema,
  inboxSchema,
  livenessSchema,
  notificationListSchema,
  notificationReadSchema,
  jurisdictionUnitsSchema,
  meSchema,
  peopleListSchema,
  personDetailSchema,
  overdueListSchema,
  progressReportBodySchema,
  readinessSchema,
  rectificationItemResultSchema,
  rectificationListCreatedSchema,
  rectificationListDetailSchema,
  rectificationSupervisionSchema,
  reassignBodySchema,
  replacementBodySchema,
  stalledListSchema,
  submissionBodySchema,
  supervisionStatsSchema,
  suspensionBodySchema,
  taskActionResultSchema,
  updateAcceptedSchema,
  measureListSchema,
  measureLogBodySchema,
  measureLogResultSchema,
} from '@shuangcha/contracts/http';

/**
 * Nest-facing DTO classes over the zod schemas in libs/contracts/src/http (contracts stay free of Nest).
 * They feed the validation pipe and the OpenAPI document; handlers type their values with the zod types.
 */
export class CreateCaseDto extends createZodDto(createCaseBodySchema) {}
export class CaseCreatedDto extends createZodDto(caseCreatedSchema) {}
export class CaseListDto extends createZodDto(caseListSchema) {}
export class ParticipantProposalDto extends createZodDto(participantProposalSchema) {}
export class CaseDetailDto extends createZodDto(caseDetailSchema) {}
export class ConflictDto extends createZodDto(conflictBodySchema) {}
export class ConflictResultDto extends createZodDto(conflictResultSchema) {}
export class AppealDto extends createZodDto(appealBodySchema) {}
export class DualInvestigationDto extends createZodDto(dualInvestigationBodySchema) {}
export class DualInvestigationResultDto extends createZodDto(dualInvestigationResultSchema) {}
export class DecisionDto extends createZodDto(decisionBodySchema) {}
export class DecisionResultDto extends createZodDto(decisionResultSchema) {}
export class ExtensionDto extends createZodDto(extensionBodySchema) {}
export class ReassignDto extends createZodDto(reassignBodySchema) {}
export class ReplacementDto extends createZodDto(replacementBodySchema) {}
export class SuspensionDto extends createZodDto(suspensionBodySchema) {}
export class TaskActionResultDto extends createZodDto(taskActionResultSchema) {}
export class UpdateAcceptedDto extends createZodDto(updateAcceptedSchema) {}
export class InboxDto extends createZodDto(inboxSchema) {}
export class NotificationListDto extends createZodDto(notificationListSchema) {}
export class NotificationReadDto extends createZodDto(notificationReadSchema) {}
export class PeopleListDto extends createZodDto(peopleListSchema) {}
export class JurisdictionUnitsDto extends createZodDto(jurisdictionUnitsSchema) {}
export class PersonDetailDto extends createZodDto(personDetailSchema) {}
export class CalendarImportDto extends createZodDto(calendarImportBodySchema) {}
export class CalendarImportResultDto extends createZodDto(calendarImportResultSchema) {}
export class DevTokenBodyDto extends createZodDto(devTokenBodySchema) {}
export class DevTokenDto extends createZodDto(devTokenSchema) {}
export class MeDto extends createZodDto(meSchema) {}
export class LivenessDto extends createZodDto(livenessSchema) {}
export class ReadinessDto extends createZodDto(readinessSchema) {}
export class StalledListDto extends createZodDto(stalledListSchema) {}
export class OverdueListDto extends createZodDto(overdueListSchema) {}
export class SupervisionStatsDto extends createZodDto(supervisionStatsSchema) {}
export class AuditLogDto extends createZodDto(auditLogSchema) {}
export class AuditVerificationDto extends createZodDto(auditVerificationSchema) {}
export class CreateRectificationListDto extends createZodDto(createRectificationListBodySchema) {}
export class RectificationListCreatedDto extends createZodDto(rectificationListCreatedSchema) {}
export class RectificationListDetailDto extends createZodDto(rectificationListDetailSchema) {}
export class ProgressReportDto extends createZodDto(progressReportBodySchema) {}
export class SubmissionDto extends createZodDto(submissionBodySchema) {}
export class RectificationItemResultDto extends createZodDto(rectificationItemResultSchema) {}
export class RectificationSupervisionDto extends createZodDto(rectificationSupervisionSchema) {}
export class OrgModelDto extends createZodDto(orgModelBodySchema) {}
export class OrgModelExportDto extends createZodDto(orgModelSchema) {}
export class OrgReplacedDto extends createZodDto(orgReplacedSchema) {}
export class AccountabilityViewDto extends createZodDto(accountabilityViewSchema) {}
export class CandidateAdditionDto extends createZodDto(candidateAdditionBodySchema) {}
export class CandidateAddedDto extends createZodDto(candidateAddedSchema) {}
export class CandidateRemovalDto extends createZodDto(candidateRemovalBodySchema) {}
export class CandidateRemovalRequestedDto extends createZodDto(candidateRemovalRequestedSchema) {}
export class AccountabilityAppealDto extends createZodDto(accountabilityAppealBodySchema) {}
export class FindingsDto extends createZodDto(findingsBodySchema) {}
export class FindingsSentDto extends createZodDto(findingsSentSchema) {}
export class AccountabilityDecisionDto extends createZodDto(accountabilityDecisionBodySchema) {}
export class AccountabilityDecisionResultDto extends createZodDto(accountabilityDecisionResultSchema) {}
export class CodecPayloadsDto extends createZodDto(codecPayloadsSchema) {}
export class AttachmentDto extends createZodDto(attachmentSchema) {}
export class EvidenceIndexDto extends createZodDto(evidenceIndexSchema) {}
export class IssueDocumentDto extends createZodDto(issueDocumentBodySchema) {}
export class CaseFileExportDto extends createZodDto(caseFileExportSchema) {}
export class DueDateViewDto extends createZodDto(dueDateViewSchema) {}
export class RectificationFindingsDto extends createZodDto(rectificationFindingsBodySchema) {}
export class RectificationFindingsResultDto extends createZodDto(rectificationFindingsResultSchema) {}
export class RectificationRecheckDto extends createZodDto(rectificationRecheckBodySchema) {}
export class RectificationRecheckResultDto extends createZodDto(rectificationRecheckResultSchema) {}
export class MeasureLogDto extends createZodDto(measureLogBodySchema) {}
export class MeasureLogResultDto extends createZodDto(measureLogResultSchema) {}
export class MeasureListDto extends createZodDto(measureListSchema) {}
