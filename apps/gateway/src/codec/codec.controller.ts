import { Body, Controller, Headers, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodValidationPipe } from 'nestjs-zod';
import type { CodecPayloads } from '@shuangcha/contracts/http';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { GatewayRequest, Principal } from '../auth/principal';
import { ApiProblem } from '../openapi/api-problem.decorator';
import { CodecPayloadsDto } from '../openapi/dtos';
import { Can } from '../policy/can.decorator';
import { CodecService } from './codec.service';

const namespaceHeader = ApiHeader({
  name: 'X-Namespace',
  required: false,
  description: 'The Temporal namespace the Web UI shows; recorded in the audit',
});

/**
 * The remote codec endpoint the Temporal Web UI calls (`--ui-codec-endpoint <gateway>/codec`). Pure
 * transformations without state, so no Idempotency-Key: the Web UI sends none, and a repeat is harmless.
 */
@ApiTags('codec')
@Controller('codec')
export class CodecController {
  constructor(@Inject(CodecService) private readonly codec: CodecService) {}

  @Post('decode')
  @HttpCode(200)
  @Can('read', 'PayloadCodec')
  @ApiOperation({
    summary: 'Decrypt Temporal payloads for the Web UI (supervisors and admins of a jurisdiction; audited)',
  })
  @namespaceHeader
  @ApiBody({ type: CodecPayloadsDto })
  @ApiOkResponse({ type: CodecPayloadsDto, description: 'The payloads in clear; unencrypted ones unchanged' })
  @ApiProblem(422, 'PAYLOAD_UNDECODABLE: altered, or encrypted under a key the gateway does not hold')
  decode(
    @CurrentPrincipal() principal: Principal,
    @Headers('x-namespace') namespace: string | undefined,
    @Req() req: GatewayRequest,
    @Body(new ZodValidationPipe(CodecPayloadsDto)) body: CodecPayloads,
  ): Promise<CodecPayloads> {
    return this.codec.decode(body, { principal, namespace, traceId: String(req.id ?? '') });
  }

  @Post('encode')
  @HttpCode(200)
  @Can('act', 'PayloadCodec')
  @ApiOperation({ summary: 'Encrypt payloads the Web UI sends (signal or query input) with the active key' })
  @namespaceHeader
  @ApiBody({ type: CodecPayloadsDto })
  @ApiOkResponse({ type: CodecPayloadsDto, description: 'The payloads encrypted' })
  encode(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(CodecPayloadsDto)) body: CodecPayloads,
  ): Promise<CodecPayloads> {
    return this.codec.encode(body, principal);
  }
}
