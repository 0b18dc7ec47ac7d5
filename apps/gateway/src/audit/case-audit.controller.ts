import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ZodValidationPipe } from 'nestjs-zod';
import {
  auditLogQuerySchema,
  caseIdSchema,
  type AuditLog,
  type AuditLogQuery,
  type AuditVerification,
} from '@shuangcha/contracts/http';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ApiProblem } from '../openapi/api-problem.decorator';
import { AuditLogDto, AuditVerificationDto } from '../openapi/dtos';
import { Can } from '../policy/can.decorator';
import { CaseAuditService } from './case-audit.service';

const caseIdPipe = new ZodValidationPipe(caseIdSchema);

@ApiTags('audit')
@Controller('cases')
export class CaseAuditController {
  constructor(@Inject(CaseAuditService) private readonly audit: CaseAuditService) {}

  @Get(':id/audit')
  @Can('read', 'Case')
  @ApiOperation({
    summary:
      'The audit events of the case in chain order, a page at a time: actor, action, time, before/after, hash and previous hash (full view only)',
  })
  @ApiParam({ name: 'id', example: 'case-u-county-x-2026-0001' })
  @ApiQuery({ name: 'cursor', required: false, type: String, description: 'nextCursor of the previous page' })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: '1-500, default 100' })
  @ApiQuery({
    name: 'actorId',
    required: false,
    type: String,
    description: "only this person's entries, e.g. a recused person's past actions to re-check",
  })
  @ApiOkResponse({ type: AuditLogDto })
  @ApiProblem(403, 'FORBIDDEN: supervisors and admins see case metadata only, not the audit content')
  @ApiProblem(404, 'CASE_NOT_FOUND: unknown, or not visible to the caller')
  log(
    @CurrentPrincipal() principal: Principal,
    @Param('id', caseIdPipe) caseId: string,
    @Query(new ZodValidationPipe(auditLogQuerySchema)) query: AuditLogQuery,
  ): Promise<AuditLog> {
    return this.audit.log(principal, caseId, query);
  }

  @Get(':id/audit/verify')
  @Can('readMetadata', 'Case')
  @ApiOperation({
    summary: 'Recompute the hash chain from the stored entries; names the first broken event (seq, event key, reason)',
  })
  @ApiParam({ name: 'id', example: 'case-u-county-x-2026-0001' })
  @ApiOkResponse({ type: AuditVerificationDto, description: '`ok: false` with `firstBroken` when the chain is broken' })
  @ApiProblem(404, 'CASE_NOT_FOUND: unknown, or not visible to the caller')
  verify(
    @CurrentPrincipal() principal: Principal,
    @Param('id', caseIdPipe) caseId: string,
  ): Promise<AuditVerification> {
    return this.audit.verify(principal, caseId);
  }
}
