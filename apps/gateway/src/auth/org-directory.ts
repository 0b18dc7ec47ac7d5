import { Logger } from '@nestjs/common';
import type { PrincipalRole } from '@shuangcha/contracts/http';
import { shanghaiLocalDate } from '@shuangcha/domain/calendar';
import {
  isDisciplineBodyKind,
  leadingBodyFor,
  type OrgSnapshot,
  type PersonId,
  type PositionRole,
} from '@shuangcha/domain/org';
import { isDatabaseUnavailable } from '../problem/classify-error';
import type { JWTPayload } from './jose';
import type { Directory } from './directory';
import type { Principal } from './principal';

/**
 * Gateway roles of posts in a discipline body (纪委监委 / 派驻纪检监察组). Leaders and standing members
 * approve; the case-management office supervises (and works cases, hence staff too); everyone else on
 * the commission's staff handles cases. Posts in party bodies grant nothing here: party leaders reach a
 * case as its participants ("leaders see their line", DOMAIN §8).
 */
export const ROLES_OF_POSITION: Readonly<Record<PositionRole, readonly PrincipalRole[]>> = {
  disciplineSecretary: ['approver'],
  disciplineDeputy: ['approver'],
  member: ['approver'],
  caseManagementDirector: ['supervisor', 'staff'],
  caseManagementOfficer: ['supervisor', 'staff'],
  investigator: ['staff'],
  trialOfficeDirector: ['staff'],
  trialOfficer: ['staff'],
  appealsOfficer: ['staff'],
  staff: ['staff'],
  secretary: [],
  deputySecretary: [],
};

const ROLE_ORDER: readonly PrincipalRole[] = ['staff', 'approver', 'supervisor', 'admin'];

const current = (row: { from: string; to: string | null }, asOf: string) =>
  row.from <= asOf && (row.to === null || asOf <= row.to);

/**
 * Roles and jurisdictions of a person on `asOf`, from current tenures on posts in discipline bodies.
 * Jurisdictions are the units the person's body supervises (监督, including a resident group's
 * departments) and, for a commission, the unit of the party body leading it (`leadingBodyFor`: 市委, 县委,
 * an enterprise's party committee), which is the `jurisdictionId` its cases carry. A resident group is
 * led by its sending commission, so it reaches only the units it supervises.
 */
export function principalFromOrg(
  snapshot: OrgSnapshot,
  personId: PersonId,
  asOf: string,
  adminPersonIds: readonly string[],
): Principal {
  const positions = new Map(snapshot.positions.map((p) => [p.id, p]));
  const bodies = new Map(snapshot.bodies.map((b) => [b.id, b]));
  const roles = new Set<PrincipalRole>();
  const jurisdictions = new Set<string>();
  for (const tenure of snapshot.tenures) {
    if (tenure.personId !== personId || !current(tenure, asOf)) continue;
    const position = positions.get(tenure.positionId);
    const body = position ? bodies.get(position.bodyId) : undefined;
    if (!position || !body || !isDisciplineBodyKind(body.kind)) continue;
    for (const role of ROLES_OF_POSITION[position.role]) roles.add(role);
    for (const supervision of snapshot.supervisions) {
      if (supervision.disciplineBodyId === body.id && current(supervision, asOf)) jurisdictions.add(supervision.unitId);
    }
    if (body.kind === 'disciplineCommission') {
      const leading = leadingBodyFor(snapshot, body.id);
      if (leading) jurisdictions.add(leading.unitId);
    }
  }
  if (adminPersonIds.includes(personId)) roles.add('admin');
  return {
    personId,
    roles: ROLE_ORDER.filter((r) => roles.has(r)),
    jurisdictionIds: [...jurisdictions].sort(),
  };
}

export interface OrgSource {
  isEmpty(): Promise<boolean>;
  loadSnapshot(asOf: string): Promise<OrgSnapshot>;
}

export interface OrgDirectoryOptions {
  adminPersonIds: readonly string[];
  /** Used while the org tables are empty (AUTH_MODE=dev only); without one such callers get no roles. */
  fallback: Directory | null;
  /** How long a loaded org model answers; a new tenure takes effect within this time. */
  ttlMs: number;
  now?: () => number;
}

/**
 * The production `Directory`: the token proves who the caller is (`claims` checks the subject), the org
 * model says what they may do. The snapshot is cached for `ttlMs`, since every request needs it and the
 * org model changes a few times a year.
 */
export class OrgDirectory implements Directory {
  private readonly logger = new Logger(OrgDirectory.name);
  private cached: { at: number; asOf: string; snapshot: OrgSnapshot | null } | undefined;
  private loading: Promise<OrgSnapshot | null> | undefined;

  constructor(
    private readonly org: OrgSource,
    private readonly identity: Directory,
    private readonly options: OrgDirectoryOptions,
  ) {}

  async principalFor(claims: JWTPayload): Promise<Principal> {
    const asserted = await this.identity.principalFor(claims);
    const now = (this.options.now ?? Date.now)();
    const asOf = shanghaiLocalDate(now);
    const snapshot = await this.snapshot(now, asOf);
    if (snapshot === null) {
      if (this.options.fallback) return this.options.fallback.principalFor(claims);
      const admin = this.options.adminPersonIds.includes(asserted.personId);
      return { personId: asserted.personId, roles: admin ? ['admin'] : [], jurisdictionIds: [] };
    }
    return principalFromOrg(snapshot, asserted.personId, asOf, this.options.adminPersonIds);
  }

  /** After `PUT /org` on this gateway: the next request reads the new model instead of waiting out the TTL. */
  invalidate(): void {
    this.cached = undefined;
  }

  private async snapshot(now: number, asOf: string): Promise<OrgSnapshot | null> {
    const cached = this.cached;
    if (cached && cached.asOf === asOf && now - cached.at < this.options.ttlMs) return cached.snapshot;
    // One load at a time: a burst of requests after expiry shares it instead of reading nine tables each.
    this.loading ??= this.load(asOf).finally(() => {
      this.loading = undefined;
    });
    try {
      const snapshot = await this.loading;
      this.cached = { at: now, asOf, snapshot };
      return snapshot;
    } catch (error) {
      // While the database is away the last model loaded still says who may do what (issue 15 §2): a
      // decision needs only the workflow, which checks the person again; the next request reloads.
      if (!cached || !isDatabaseUnavailable(error)) throw error;
      this.logger.warn(
        { loadedAt: new Date(cached.at).toISOString() },
        'the org model cannot be reloaded: using the last one loaded',
      );
      return cached.snapshot;
    }
  }

  private async load(asOf: string): Promise<OrgSnapshot | null> {
    if (await this.org.isEmpty()) {
      this.logger.warn(
        { fallback: this.options.fallback ? 'token claims' : 'no roles' },
        'the org model is empty: roles cannot come from it',
      );
      return null;
    }
    return this.org.loadSnapshot(asOf);
  }
}
