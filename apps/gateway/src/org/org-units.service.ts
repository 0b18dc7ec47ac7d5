import { Inject, Injectable } from '@nestjs/common';
import type { JurisdictionUnitsView } from '@shuangcha/contracts/http';
import { shanghaiLocalDate } from '@shuangcha/domain/calendar';
import { jurisdictionUnits } from '@shuangcha/domain/org';
import { OrgRepository } from '@shuangcha/persistence';
import type { Principal } from '../auth/principal';

/**
 * Only the caller's own jurisdictions, whatever else their roles reach: an opener of one county sees
 * nothing of another (the same need-to-know as `POST /cases`, which refuses other jurisdictions).
 */
@Injectable()
export class OrgUnitsService {
  constructor(@Inject(OrgRepository) private readonly org: OrgRepository) {}

  async list(principal: Principal): Promise<JurisdictionUnitsView> {
    const on = shanghaiLocalDate(Date.now());
    const snapshot = await this.org.loadSnapshot(on);
    const units = jurisdictionUnits(snapshot, principal.jurisdictionIds, on);
    return { on, units: units.map((u) => ({ ...u, members: [...u.members] })) };
  }
}
