import { Body, Controller, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ZodValidationPipe } from 'nestjs-zod';
import { caseIdSchema, type AttachmentView, type IssueDocumentBody } from '@shuangcha/contracts/http';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { IdempotencyKey } from '../idempotency/idempotency-key.decorator';
import { ApiIdempotencyKey, ApiProblem } from '../openapi/api-problem.decorator';
import { AttachmentDto, IssueDocumentDto } from '../openapi/dtos';
import { Can } from '../policy/can.decorator';
import { DocumentsService } from './documents.service';

@ApiTags('case file')
@Controller('cases')
export class DocumentsController {
  constructor(@Inject(DocumentsService) private readonly documents: DocumentsService) {}

  @Post(':id/documents')
  @Can('act', 'Case')
  @ApiOperation({
    summary:
      'Issue an official document (DOCX after GB/T 9704-2012) from what the case recorded, under its document number; stored in the case file with its checksum; issuing again makes a new version',
  })
  @ApiParam({ name: 'id', example: 'case-u-county-x-2026-0001' })
  @ApiBody({ type: IssueDocumentDto })
  @ApiResponse({ status: 201, type: AttachmentDto, description: 'Issued: the new version in the case file' })
  @ApiResponse({ status: 200, type: AttachmentDto, description: 'Retry with the same Idempotency-Key: the same issue' })
  @ApiIdempotencyKey('Identifies this issue; a retry with the same key returns the version already issued')
  @ApiProblem(404, 'CASE_NOT_FOUND: unknown, or not visible to the caller')
  @ApiProblem(409, 'CASE_CLOSED')
  @ApiProblem(
    422,
    'DOCUMENT_DATA_MISSING: the case has not recorded what the document states; or IDEMPOTENCY_KEY_REUSED',
  )
  async issue(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', new ZodValidationPipe(caseIdSchema)) caseId: string,
    @Body(new ZodValidationPipe(IssueDocumentDto)) body: IssueDocumentBody,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AttachmentView> {
    const result = await this.documents.issue(principal, key, caseId, body);
    res.status(result.replayed ? 200 : 201);
    return result.response;
  }
}
