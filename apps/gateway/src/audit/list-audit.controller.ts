import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ZodValidationPipe } from 'nestjs-zod';
import {
  auditLogQuerySchema,
  rectificationListIdSchema,
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

const listIdPipe = new ZodValidationPipe(rectificationListIdSchema);

/** A problem list's own audit chain (整改 progress, submissions, verifications), like a case's. */
@ApiTags('audit')
@Controller('rectification/lists')
export class ListAuditController {
  constructor(@Inject(CaseAuditService) private readonly audit: CaseAuditService) {}

  @Get(':id/audit')
  @Can('read', 'RectificationList')
  @ApiOperation({ summary: 'The audit events of the problem list and its items in chain order, a page at a time' })
  @ApiParam({ name: 'id', example: 'rectification-2026-R001' })
  @ApiQuery({ name: 'cursor', required: false, type: String, description: 'nextCursor of the previous page' })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: '1-500, default 100' })
  @ApiOkResponse({ type: AuditLogDto })
  @ApiProblem(404, 'RECTIFICATION_LIST_NOT_FOUND: unknown, or not visible to the caller')
  log(
    @CurrentPrincipal() principal: Principal,
    @Param('id', listIdPipe) listId: string,
    @Query(new ZodValidationPipe(auditLogQuerySchema)) query: AuditLogQuery,
  ): Promise<AuditLog> {
    return this.audit.listLog(principal, listId, query);
  }

  @Get(':id/audit/verify')
  @Can('read', 'RectificationList')
  @ApiOperation({
    summary: 'Recompute the hash chain of the problem list; names the first broken event (seq, event key, reason)',
  })
  @ApiParam({ name: 'id', example: 'rectification-2026-R001' })
  @ApiOkResponse({ type: AuditVerificationDto, description: '`ok: false` with `firstBroken` when the chain is broken' })
  @ApiProblem(404, 'RECTIFICATION_LIST_NOT_FOUND: unknown, or not visible to the caller')
  verify(
    @CurrentPrincipal() principal: Principal,
    @Param('id', listIdPipe) listId: string,
  ): Promise<AuditVerification> {
    return this.audit.listVerify(principal, listId);
  }
}
