import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ZodValidationPipe } from 'nestjs-zod';
import { caseIdSchema } from '@shuangcha/contracts/http';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { GatewayRequest, Principal } from '../auth/principal';
import { ApiProblem } from '../openapi/api-problem.decorator';
import { Can } from '../policy/can.decorator';
import { CaseFileExportService } from './case-file-export.service';
import { ApiZipArchive, sendZipArchive } from './zip-archive-response';

@ApiTags('case file')
@Controller('cases')
export class CaseFileExportController {
  constructor(@Inject(CaseFileExportService) private readonly exports: CaseFileExportService) {}

  @Get(':id/export')
  @Can('read', 'Case')
  @ApiOperation({
    summary:
      'The case file of a closed case as a zip, streamed: attachments, issued documents, the evidence index (JSON, CSV) with every file path and SHA-256, and the audit trail with its verification (audited)',
  })
  @ApiParam({ name: 'id', example: 'case-u-county-x-2026-0001' })
  @ApiZipArchive()
  @ApiProblem(404, 'CASE_NOT_FOUND: unknown, or not visible to the caller')
  @ApiProblem(409, 'CASE_NOT_CLOSED: only a closed case is exported')
  async export(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodValidationPipe(caseIdSchema)) caseId: string,
    @Req() req: GatewayRequest,
    @Res() res: Response,
  ): Promise<void> {
    const archive = await this.exports.export(principal, caseId, String(req.id ?? ''));
    await sendZipArchive(res, caseId, archive);
  }
}
