import { Body, Controller, Headers, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ZodValidationPipe } from 'nestjs-zod';
import type { CodecPayloads } from '@shuangcha/contracts/http';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { GatewayRequest, Principal } from '../auth/principal';
import { AcceptsSessionCookie, CODEC_SESSION_COOKIE, CODEC_SESSION_PATH } from '../auth/session-cookie';
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
 * The local Web UI has no sign-in and sends no bearer token: a supervisor opens a codec session once, and the
 * UI's fetches (Data Encoder settings: include cross-origin credentials) carry its cookie instead.
 */
@ApiTags('codec')
@Controller('codec')
export class CodecController {
  constructor(@Inject(CodecService) private readonly codec: CodecService) {}

  @Post('session')
  @HttpCode(204)
  @Can('read', 'PayloadCodec')
  @ApiOperation({
    summary:
      'Open a codec session: the bearer token goes into an HttpOnly cookie for /codec only, so the Web UI, which has no sign-in, can decode',
  })
  @ApiNoContentResponse({
    description: `Set-Cookie ${CODEC_SESSION_COOKIE} (HttpOnly, SameSite=Strict, Path=${CODEC_SESSION_PATH}, Secure over https), until the token expires`,
  })
  async openSession(
    @CurrentPrincipal() principal: Principal,
    @Req() req: GatewayRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    const { token, expiresAt } = await this.codec.openSession(principal, req.headers.authorization ?? '');
    res.cookie(CODEC_SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      path: CODEC_SESSION_PATH,
      secure: req.secure,
      ...(expiresAt && { expires: expiresAt }),
    });
  }

  @Post('decode')
  @HttpCode(200)
  @Can('read', 'PayloadCodec')
  @AcceptsSessionCookie()
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
  @AcceptsSessionCookie()
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
