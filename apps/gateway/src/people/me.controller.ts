import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Me } from '@shuangcha/contracts/http';
import { MeDto } from '../openapi/dtos';
import { Can } from '../policy/can.decorator';
import { abilityFor } from '../policy/case-policy';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';

/**
 * The console asks here what to offer rather than probing routes: a probe refused with 403 would be an
 * audited denial on every page load.
 */
@ApiTags('auth')
@Controller('me')
export class MeController {
  @Get()
  @Can('read', 'Self')
  @ApiOperation({
    summary: 'The caller as the gateway sees them: roles, jurisdictions, and whether they may open cases',
  })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentPrincipal() principal: Principal): Me {
    return {
      personId: principal.personId,
      roles: [...principal.roles],
      jurisdictionIds: [...principal.jurisdictionIds],
      mayOpenCases: principal.jurisdictionIds.length > 0 && abilityFor(principal).can('create', 'Case'),
    };
  }
}
