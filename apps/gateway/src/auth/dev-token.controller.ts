import { Body, Controller, Inject, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ZodValidationPipe } from 'nestjs-zod';
import { APP_CONFIG, type AppConfig } from '@shuangcha/config';
import type { DevToken, DevTokenBody } from '@shuangcha/contracts/http';
import { DevTokenBodyDto, DevTokenDto } from '../openapi/dtos';
import { issueDevToken } from './dev-token-issuer';
import { Public } from './public.decorator';

/** Registered only when AUTH_MODE=dev (see AppModule), so the route does not exist otherwise (404). */
@ApiTags('dev')
@Controller('dev/tokens')
export class DevTokenController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Post()
  @Public()
  @ApiOperation({ summary: 'Local stack only (AUTH_MODE=dev): a 1-hour bearer token for a person' })
  @ApiBody({ type: DevTokenBodyDto })
  @ApiResponse({ status: 201, type: DevTokenDto })
  issue(@Body(new ZodValidationPipe(DevTokenBodyDto)) body: DevTokenBody): Promise<DevToken> {
    return issueDevToken(this.config.AUTH_DEV_SECRET ?? '', body);
  }
}
