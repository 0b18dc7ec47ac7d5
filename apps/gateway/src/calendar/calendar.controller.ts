import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ZodValidationPipe } from 'nestjs-zod';
import { dueDateQuerySchema, type DueDateQuery, type DueDateView } from '@shuangcha/contracts/http';
import { ApiProblem } from '../openapi/api-problem.decorator';
import { DueDateViewDto } from '../openapi/dtos';
import { Can } from '../policy/can.decorator';
import { DueDateService } from './due-date.service';

const count = (name: string, description: string) =>
  ApiQuery({ name, required: false, type: Number, description: `${description}; give exactly one of the three` });

/** 工作日计算: the policy's own due-date arithmetic, for staff checking a deadline against the holiday notice. */
@ApiTags('calendar')
@Controller('calendar')
export class CalendarQueryController {
  constructor(@Inject(DueDateService) private readonly dueDates: DueDateService) {}

  @Get('due-date')
  @Can('read', 'Calendar')
  @ApiOperation({
    summary: 'The due date of a period counted from an event day, as the case policy computes it (DOMAIN §7)',
  })
  @ApiQuery({ name: 'from', required: true, type: String, format: 'date', example: '2026-09-30' })
  @count('workingDays', 'working days (1-500) after the event day')
  @count('calendarDays', 'calendar days (1-3660), rolled to a working day')
  @count('months', 'months (1-120) to the same date or month end, rolled to a working day')
  @ApiQuery({ name: 'policyVersion', required: false, type: String, description: 'default: the default policy' })
  @ApiOkResponse({ type: DueDateViewDto })
  @ApiProblem(400, 'VALIDATION_FAILED: not exactly one of workingDays, calendarDays, months')
  @ApiProblem(422, 'POLICY_NOT_ALLOWED: an unknown policy version')
  dueDate(@Query(new ZodValidationPipe(dueDateQuerySchema)) query: DueDateQuery): Promise<DueDateView> {
    return this.dueDates.dueDate(query);
  }
}
