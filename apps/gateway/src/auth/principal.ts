import type { Request } from 'express';
import type { PrincipalRole } from '@shuangcha/contracts/http';

/** Who is calling, as the policy sees them. Ids only: names stay in the org model. */
export interface Principal {
  personId: string;
  roles: PrincipalRole[];
  /** Commissions the person belongs to or supervises (need-to-know by jurisdiction). */
  jurisdictionIds: string[];
}

export type GatewayRequest = Request & { principal?: Principal; id?: string | number };
