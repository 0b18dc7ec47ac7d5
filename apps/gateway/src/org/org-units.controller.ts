import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { JurisdictionUnitsView } from '@shuangcha/contracts/http';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { JurisdictionUnitsDto } from '../openapi/dtos';
import { Can } from '../policy/can.decorator';
import { OrgUnitsService } from './org-units.service';

/** The org tree as a case opener needs it; `GET /org` (the whole model with history) stays with admins. */
@ApiTags('people')
@Controller('org/units')
export class OrgUnitsController {
  constructor(@Inject(OrgUnitsService) private readonly units: OrgUnitsService) {}

  @Get()
  @Can('create', 'Case')
  @ApiOperation({
    summary:
      "Units of the caller's jurisdictions as a tree (parentId), each with the people holding posts in it today: where and about whom the caller may open a case",
  })
  @ApiOkResponse({ type: JurisdictionUnitsDto })
  list(@CurrentPrincipal() principal: Principal): Promise<JurisdictionUnitsView> {
    return this.units.list(principal);
  }
}
