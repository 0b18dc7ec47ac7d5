import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ZodValidationPipe } from 'nestjs-zod';
import { caseFileExportIdSchema, caseIdSchema, type CaseFileExportView } from '@shuangcha/contracts/http';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { GatewayRequest, Principal } from '../auth/principal';
import { IdempotencyKey } from '../idempotency/idempotency-key.decorator';
import { ApiIdempotencyKey, ApiProblem } from '../openapi/api-problem.decorator';
import { CaseFileExportDto } from '../openapi/dtos';
import { Can } from '../policy/can.decorator';
import { CaseFileExportJobs } from './case-file-export-jobs.service';
import { ApiZipArchive, sendZipArchive } from './zip-archive-response';

const caseIdPipe = new ZodValidationPipe(caseIdSchema);
const exportIdPipe = new ZodValidationPipe(caseFileExportIdSchema);
const caseIdParam = ApiParam({ name: 'id', example: 'case-u-county-x-2026-0001' });
const exportIdParam = ApiParam({ name: 'exportId', example: 'exp-0d7c4a5e-3f1c-4b9a-9d57-6f1c8f0e3b7a' });

@ApiTags('case file')
@Controller('cases')
export class CaseFileExportsController {
  constructor(@Inject(CaseFileExportJobs) private readonly jobs: CaseFileExportJobs) {}

  @Post(':id/exports')
  @HttpCode(202)
  @Can('read', 'Case')
  @ApiOperation({
    summary:
      'Export a closed case file in the background (for large cases): returns the job at once; the zip (the same as GET /cases/{id}/export) is built into the object store, with files and bytes done shown on the job (audited)',
  })
  @caseIdParam
  @ApiResponse({ status: 202, type: CaseFileExportDto, description: 'Started: poll the job, then download' })
  @ApiResponse({ status: 200, type: CaseFileExportDto, description: 'Retry with the same key: the job it started' })
  @ApiIdempotencyKey('Identifies this export; a retry with the same key returns the job already started')
  @ApiProblem(404, 'CASE_NOT_FOUND: unknown, or not visible to the caller')
  @ApiProblem(409, 'CASE_NOT_CLOSED: only a closed case is exported')
  @ApiProblem(422, 'IDEMPOTENCY_KEY_REUSED: the key started an export of another case')
  async start(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', caseIdPipe) caseId: string,
    @Req() req: GatewayRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseFileExportView> {
    const { view, created } = await this.jobs.start(principal, key, caseId, String(req.id ?? ''));
    res.status(created ? 202 : 200);
    return view;
  }

  @Get(':id/exports/:exportId')
  @Can('read', 'Case')
  @ApiOperation({ summary: 'How far an export got: files and bytes done of the total, then the archive checksum' })
  @caseIdParam
  @exportIdParam
  @ApiOkResponse({ type: CaseFileExportDto })
  @ApiProblem(404, 'CASE_NOT_FOUND (not visible to the caller) or CASE_FILE_EXPORT_NOT_FOUND')
  status(
    @CurrentPrincipal() principal: Principal,
    @Param('id', caseIdPipe) caseId: string,
    @Param('exportId', exportIdPipe) exportId: string,
  ): Promise<CaseFileExportView> {
    return this.jobs.status(principal, caseId, exportId);
  }

  @Get(':id/exports/:exportId/archive')
  @Can('read', 'Case')
  @ApiOperation({ summary: 'Download a finished export: the zip, its SHA-256 in Repr-Digest (audited)' })
  @caseIdParam
  @exportIdParam
  @ApiZipArchive()
  @ApiProblem(404, 'CASE_NOT_FOUND (not visible to the caller) or CASE_FILE_EXPORT_NOT_FOUND')
  @ApiProblem(409, 'CASE_FILE_EXPORT_NOT_READY: still RUNNING, or FAILED')
  async download(
    @CurrentPrincipal() principal: Principal,
    @Param('id', caseIdPipe) caseId: string,
    @Param('exportId', exportIdPipe) exportId: string,
    @Req() req: GatewayRequest,
    @Res() res: Response,
  ): Promise<void> {
    const { archive, stream } = await this.jobs.download(principal, caseId, exportId, String(req.id ?? ''));
    await sendZipArchive(res, caseId, stream, {
      'Content-Length': String(archive.size),
      'Repr-Digest': `sha-256=:${Buffer.from(archive.sha256, 'hex').toString('base64')}:`,
    });
  }
}
