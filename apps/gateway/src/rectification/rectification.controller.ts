import { Body, Controller, Get, Header, Inject, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ZodValidationPipe } from 'nestjs-zod';
import type { RectificationItemResult } from '@shuangcha/contracts';
import {
  rectificationItemKeySchema,
  rectificationListIdSchema,
  rectificationSupervisionExportQuerySchema,
  rectificationSupervisionQuerySchema,
  type CreateRectificationListBody,
  type ProgressReportBody,
  type RectificationListCreatedView,
  type RectificationListDetail,
  type RectificationRecheckBody,
  type RectificationSupervisionExportQuery,
  type RectificationSupervisionQuery,
  type RectificationSupervisionView,
  type SubmissionBody,
} from '@shuangcha/contracts/http';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { IdempotencyKey } from '../idempotency/idempotency-key.decorator';
import { ApiIdempotencyKey, ApiProblem } from '../openapi/api-problem.decorator';
import {
  CreateRectificationListDto,
  ProgressReportDto,
  RectificationItemResultDto,
  RectificationListCreatedDto,
  RectificationListDetailDto,
  RectificationRecheckDto,
  RectificationRecheckResultDto,
  RectificationSupervisionDto,
  SubmissionDto,
} from '../openapi/dtos';
import { UpdateRoute } from '../openapi/update-route.decorator';
import { Can } from '../policy/can.decorator';
import { toCsv } from '../supervision/supervision-csv';
import { RECTIFICATION_COLUMNS } from './rectification-csv';
import { RectificationService } from './rectification.service';

const listIdPipe = new ZodValidationPipe(rectificationListIdSchema);
const itemKeyPipe = new ZodValidationPipe(rectificationItemKeySchema);
const LIST_ID_PARAM = { name: 'id', example: 'rectification-2026-R001' };
const ITEM_KEY_PARAM = { name: 'itemKey', example: 'R1' };
const listIdParam = ApiParam(LIST_ID_PARAM);

/** 整改 (DOMAIN §6): problem lists and the responsible persons' reports. Verification is a task decision. */
@ApiTags('rectification')
@Controller('rectification/lists')
export class RectificationController {
  constructor(@Inject(RectificationService) private readonly rectification: RectificationService) {}

  @Post()
  @Can('create', 'RectificationList')
  @ApiOperation({
    summary: 'Create or import a problem list (starts `rectification-${listNo}`, one workflow per item)',
    description:
      'All or nothing: every bad row is reported in errors[] (path items.<row>.<field>) and nothing is created.',
  })
  @ApiBody({ type: CreateRectificationListDto })
  @ApiResponse({ status: 201, type: RectificationListCreatedDto, description: 'List opened' })
  @ApiResponse({
    status: 200,
    type: RectificationListCreatedDto,
    description: 'Retry with the same Idempotency-Key and body: the existing list',
  })
  @ApiIdempotencyKey('Identifies this import; a retry with the same key and body returns the list already opened')
  @ApiProblem(409, 'RECTIFICATION_LIST_EXISTS: the list number is taken (by another request)')
  @ApiProblem(422, 'INVALID_RECTIFICATION_LIST with every bad row, or IDEMPOTENCY_KEY_REUSED')
  async open(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Body(new ZodValidationPipe(CreateRectificationListDto)) body: CreateRectificationListBody,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RectificationListCreatedView> {
    const result = await this.rectification.open(principal, key, body);
    res.status(result.replayed ? 200 : 201);
    return result.response;
  }

  @Get(':id')
  @Can('read', 'RectificationList')
  @ApiOperation({ summary: 'A problem list: completion rate, and each item’s state and days overdue' })
  @listIdParam
  @ApiOkResponse({ type: RectificationListDetailDto })
  @ApiProblem(404, 'RECTIFICATION_LIST_NOT_FOUND: unknown, or not visible to the caller')
  detail(
    @CurrentPrincipal() principal: Principal,
    @Param('id', listIdPipe) listId: string,
  ): Promise<RectificationListDetail> {
    return this.rectification.detail(principal, listId);
  }

  @UpdateRoute({
    path: ':id/items/:itemKey/progress',
    can: ['act', 'RectificationList'],
    summary: 'Report progress on an item (the responsible person), attachments by id and SHA-256',
    params: [LIST_ID_PARAM, ITEM_KEY_PARAM],
    body: ProgressReportDto,
    response: RectificationItemResultDto,
    problems: {
      403: 'NOT_ASSIGNEE: only the responsible person reports',
      404: 'RECTIFICATION_LIST_NOT_FOUND or RECTIFICATION_ITEM_NOT_FOUND',
      409: 'WRONG_STAGE: the item is submitted or signed off',
      422: "EVIDENCE_NOT_IN_CASE_FILE (on a case's list, an attachment not of the case or with another checksum), INVALID_DECISION or IDEMPOTENCY_KEY_REUSED",
    },
  })
  reportProgress(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', listIdPipe) listId: string,
    @Param('itemKey', itemKeyPipe) itemKey: string,
    @Body(new ZodValidationPipe(ProgressReportDto)) body: ProgressReportBody,
  ): Promise<RectificationItemResult> {
    return this.rectification.reportProgress(principal, key, listId, itemKey, body);
  }

  @UpdateRoute({
    path: ':id/items/:itemKey/submission',
    can: ['act', 'RectificationList'],
    summary: 'Report an item done with its evidence (id and SHA-256 per requirement); opens the verification task',
    params: [LIST_ID_PARAM, ITEM_KEY_PARAM],
    body: SubmissionDto,
    response: RectificationItemResultDto,
    problems: {
      403: 'NOT_ASSIGNEE: only the responsible person reports done',
      404: 'RECTIFICATION_LIST_NOT_FOUND or RECTIFICATION_ITEM_NOT_FOUND',
      409: 'WRONG_STAGE: already submitted or signed off',
      422: "MISSING_EVIDENCE (a requirement has no evidence), EVIDENCE_NOT_IN_CASE_FILE (on a case's list, an attachment not of the case or with another checksum), INVALID_DECISION or IDEMPOTENCY_KEY_REUSED",
    },
  })
  submit(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', listIdPipe) listId: string,
    @Param('itemKey', itemKeyPipe) itemKey: string,
    @Body(new ZodValidationPipe(SubmissionDto)) body: SubmissionBody,
  ): Promise<RectificationItemResult> {
    return this.rectification.submit(principal, key, listId, itemKey, body);
  }

  @UpdateRoute({
    path: ':id/recheck',
    can: ['act', 'RectificationList'],
    summary:
      'Answer the re-check of a completed list (整改复查, rectify_recheck_after on): CONFIRM, or REOPEN named items with new due dates',
    params: [LIST_ID_PARAM],
    body: RectificationRecheckDto,
    response: RectificationRecheckResultDto,
    problems: {
      403: 'NOT_ASSIGNEE: the re-check task is another verifier’s',
      404: 'RECTIFICATION_LIST_NOT_FOUND',
      409: 'WRONG_STAGE (no re-check open) or STALE_VERSION',
      422: 'INVALID_DECISION (an item not on the list or not signed off, a past due date, CONFIRM naming items) or IDEMPOTENCY_KEY_REUSED',
    },
  })
  recheck(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', listIdPipe) listId: string,
    @Body(new ZodValidationPipe(RectificationRecheckDto)) body: RectificationRecheckBody,
  ): Promise<{ taskId: string; outcome: string; reopened: string[] }> {
    return this.rectification.recheck(principal, key, listId, body);
  }
}

const unitQuery = ApiQuery({ name: 'unit', required: false, type: String, example: 'u-city-housing' });

/** 整改 督办: the rectification view for supervisors, beside the case supervision views. */
@ApiTags('supervision')
@Controller('supervision/rectification')
export class RectificationSupervisionController {
  constructor(@Inject(RectificationService) private readonly rectification: RectificationService) {}

  @Get()
  @Can('read', 'Supervision')
  @ApiOperation({
    summary: 'Overdue items (cursor-paginated), reopened items and completion by unit, in the caller’s jurisdictions',
  })
  @unitQuery
  @ApiQuery({ name: 'limit', required: false, type: Number, description: '1-200, default 50' })
  @ApiQuery({ name: 'cursor', required: false, type: String, description: 'nextCursor of the previous page' })
  @ApiOkResponse({ type: RectificationSupervisionDto })
  @ApiProblem(400, 'VALIDATION_FAILED, including a cursor this API did not return')
  view(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(rectificationSupervisionQuerySchema)) query: RectificationSupervisionQuery,
  ): Promise<RectificationSupervisionView> {
    return this.rectification.supervision(principal, query);
  }

  @Get('export.csv')
  @Can('read', 'Supervision')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="supervision-rectification-overdue.csv"')
  @ApiOperation({ summary: 'CSV of every overdue rectification item matching the filter' })
  @ApiProduces('text/csv')
  @unitQuery
  @ApiOkResponse({
    description: 'Columns as the overdue items; X-Export-Truncated tells whether rows were left out',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  async exportOverdue(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(rectificationSupervisionExportQuerySchema)) query: RectificationSupervisionExportQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const exported = await this.rectification.exportOverdue(principal, query);
    res.setHeader('X-Export-Truncated', String(exported.truncated));
    return toCsv(exported.rows, RECTIFICATION_COLUMNS);
  }
}
