import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { ZodValidationPipe } from 'nestjs-zod';
import { EVIDENCE_KINDS } from '@shuangcha/domain/rectification';
import { attachmentIdSchema, caseIdSchema, type AttachmentView, type EvidenceIndex } from '@shuangcha/contracts/http';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { GatewayRequest, Principal } from '../auth/principal';
import { IdempotencyKey } from '../idempotency/idempotency-key.decorator';
import { ApiIdempotencyKey, ApiProblem } from '../openapi/api-problem.decorator';
import { AttachmentDto, EvidenceIndexDto } from '../openapi/dtos';
import { Can } from '../policy/can.decorator';
import { AttachmentsService } from './attachments.service';
import { ALLOWED_CONTENT_TYPES } from './content-type';

const caseIdPipe = new ZodValidationPipe(caseIdSchema);
const attachmentIdPipe = new ZodValidationPipe(attachmentIdSchema);

/** RFC 6266 / 8187: an ASCII fallback and the real (Chinese) name. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

@ApiTags('case file')
@Controller()
export class AttachmentsController {
  constructor(@Inject(AttachmentsService) private readonly attachments: AttachmentsService) {}

  @Post('cases/:id/attachments')
  @Can('act', 'Case')
  @ApiOperation({
    summary:
      'Add a file to the case file (streamed; the server sniffs the type from the bytes and computes the SHA-256); optionally for a task or a rectification item of the case. Fields go before the file part.',
  })
  @ApiParam({ name: 'id', example: 'case-u-county-x-2026-0001' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['kind', 'file'],
      properties: {
        kind: { type: 'string', enum: [...EVIDENCE_KINDS] },
        taskId: { type: 'string', maxLength: 120 },
        rectificationListId: { type: 'string', example: 'rectification-2026-R001' },
        rectificationItemKey: { type: 'string', maxLength: 40 },
        file: {
          type: 'string',
          format: 'binary',
          description: `up to ATTACHMENT_MAX_BYTES; sniffed types: ${ALLOWED_CONTENT_TYPES.join(', ')}`,
        },
      },
    },
  })
  @ApiResponse({ status: 201, type: AttachmentDto, description: 'Stored' })
  @ApiResponse({ status: 200, type: AttachmentDto, description: 'Retry with the same key and bytes: the first upload' })
  @ApiIdempotencyKey(
    'Identifies this upload; a retry with the same key and bytes returns the attachment already stored',
  )
  @ApiProblem(400, 'MULTIPART_INVALID or VALIDATION_FAILED (the fields)')
  @ApiProblem(404, 'CASE_NOT_FOUND: unknown, or not visible to the caller')
  @ApiProblem(409, 'CASE_CLOSED')
  @ApiProblem(413, 'ATTACHMENT_TOO_LARGE: more than ATTACHMENT_MAX_BYTES; nothing stored')
  @ApiProblem(415, 'ATTACHMENT_TYPE_NOT_ALLOWED (sniffed from the bytes) or UNSUPPORTED_MEDIA_TYPE (not multipart)')
  @ApiProblem(422, 'ATTACHMENT_TARGET_INVALID (task or item not of this case) or IDEMPOTENCY_KEY_REUSED')
  async upload(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Param('id', caseIdPipe) caseId: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AttachmentView> {
    const { attachment, created } = await this.attachments.upload(principal, key, caseId, req);
    res.status(created ? 201 : 200);
    return attachment;
  }

  @Get('cases/:id/attachments')
  @Can('read', 'Case')
  @ApiOperation({
    summary:
      'The evidence index (证据目录): every attachment and issued document with its kind, who added it and when, at which stage, and what cites it',
  })
  @ApiParam({ name: 'id', example: 'case-u-county-x-2026-0001' })
  @ApiOkResponse({ type: EvidenceIndexDto })
  @ApiProblem(404, 'CASE_NOT_FOUND: unknown, or not visible to the caller (supervisors see metadata only)')
  index(@CurrentPrincipal() principal: Principal, @Param('id', caseIdPipe) caseId: string): Promise<EvidenceIndex> {
    return this.attachments.index(principal, caseId);
  }

  @Get('attachments/:id')
  @Can('read', 'Case')
  @ApiOperation({
    summary:
      'Download an attachment (audited); `Repr-Digest` carries its SHA-256, and the stream breaks off if the stored bytes no longer match it',
  })
  @ApiParam({ name: 'id', example: 'att-3f1c2b9a-0d7c-4a5e-9d57-6f1c8f0e3b7a' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({
    description: 'The bytes, with the sniffed Content-Type',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblem(404, 'ATTACHMENT_NOT_FOUND: unknown, or its case is not visible to the caller')
  async download(
    @CurrentPrincipal() principal: Principal,
    @Param('id', attachmentIdPipe) attachmentId: string,
    @Req() req: GatewayRequest,
    @Res() res: Response,
  ): Promise<void> {
    const { record, stream } = await this.attachments.download(principal, attachmentId, String(req.id ?? ''));
    res.status(200);
    res.setHeader('Content-Type', record.contentType);
    res.setHeader('Content-Length', String(record.size));
    res.setHeader('Content-Disposition', contentDisposition(record.fileName));
    res.setHeader('Repr-Digest', `sha-256=:${Buffer.from(record.sha256, 'hex').toString('base64')}:`);
    res.setHeader('ETag', `"${record.sha256}"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    await pipeline(stream, res).catch(() => res.destroy());
  }
}
