import { Body, Controller, Inject, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ZodValidationPipe } from 'nestjs-zod';
import type { CalendarImportBody, CalendarImportResult } from '@shuangcha/contracts/http';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { IdempotencyKey } from '../idempotency/idempotency-key.decorator';
import { ApiIdempotencyKey, ApiProblem } from '../openapi/api-problem.decorator';
import { CalendarImportDto, CalendarImportResultDto } from '../openapi/dtos';
import { Can } from '../policy/can.decorator';
import { CalendarService } from './calendar.service';

@ApiTags('admin')
@Controller('admin/calendar')
export class CalendarController {
  constructor(@Inject(CalendarService) private readonly calendar: CalendarService) {}

  @Post('years')
  @Can('manage', 'Calendar')
  @ApiOperation({ summary: "Import a year's State Council holiday schedule and signal every open case" })
  @ApiBody({ type: CalendarImportDto })
  @ApiResponse({ status: 201, type: CalendarImportResultDto, description: 'Stored and signalled' })
  @ApiResponse({
    status: 200,
    type: CalendarImportResultDto,
    description: 'Retry with the same Idempotency-Key: the first result',
  })
  @ApiIdempotencyKey('Identifies this import')
  @ApiProblem(422, 'CALENDAR_INVALID with every problem in `errors[]`')
  async importYears(
    @CurrentPrincipal() principal: Principal,
    @IdempotencyKey() key: string,
    @Body(new ZodValidationPipe(CalendarImportDto)) body: CalendarImportBody,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CalendarImportResult> {
    const result = await this.calendar.importYears(principal, key, body);
    res.status(result.replayed ? 200 : 201);
    return result.response;
  }
}
