import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Readiness } from '@shuangcha/contracts/http';
import { Public } from '../auth/public.decorator';
import { ApiProblem } from '../openapi/api-problem.decorator';
import { LivenessDto, ReadinessDto } from '../openapi/dtos';
import { ReadinessService } from './readiness.service';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(@Inject(ReadinessService) private readonly readiness: ReadinessService) {}

  @Public()
  @Get(['health', 'health/live'])
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ type: LivenessDto })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Public()
  @Get(['ready', 'health/ready'])
  @ApiOperation({ summary: 'Readiness: PostgreSQL reachable, migrations applied, Temporal reachable' })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiProblem(503, 'A check failed; `checks` names it')
  ready(): Promise<Readiness> {
    return this.readiness.check();
  }
}
