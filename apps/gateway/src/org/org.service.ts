import { Inject, Injectable } from '@nestjs/common';
import { ProblemCode, type OrgModelBody, type OrgReplaced } from '@shuangcha/contracts/http';
import { shanghaiLocalDate } from '@shuangcha/domain/calendar';
import type { OrgSnapshot } from '@shuangcha/domain/org';
import { appendAuditEntry, OrgRepository } from '@shuangcha/persistence';
import type { Principal } from '../auth/principal';
import { DIRECTORY, type Directory } from '../auth/directory';
import { OrgDirectory } from '../auth/org-directory';
import { ProblemException } from '../problem/problem.exception';

/** Org imports are audited (DOMAIN §8) on their own chain: they change who may act on every case. */
export const ORG_AUDIT_CASE_ID = 'org';

@Injectable()
export class OrgService {
  constructor(
    @Inject(OrgRepository) private readonly org: OrgRepository,
    @Inject(DIRECTORY) private readonly directory: Directory,
  ) {}

  /** The whole model with its history, in the shape `PUT /org` accepts (a round trip changes nothing). */
  export(): Promise<OrgSnapshot> {
    return this.org.loadSnapshot(shanghaiLocalDate(Date.now()));
  }

  /**
   * All or nothing: every bad row is reported in one 422 and the stored model stays as it was. Running
   * trace-backs keep the snapshot they started from (its hash is in their history); new ones read this.
   */
  async replace(principal: Principal, body: OrgModelBody): Promise<OrgReplaced> {
    const at = new Date().toISOString();
    const result = await this.org.replaceOrg(body, {
      asOf: shanghaiLocalDate(Date.parse(at)),
      write: (manager, replacement) =>
        appendAuditEntry(manager, {
          eventKey: `org:${principal.personId}:${at}`,
          caseId: ORG_AUDIT_CASE_ID,
          actorId: principal.personId,
          action: 'ORG_MODEL_REPLACED',
          at,
          before: { snapshotHash: replacement.beforeHash },
          after: { snapshotHash: replacement.afterHash, asOf: replacement.asOf, counts: replacement.counts },
        }),
    });
    if (!result.ok) {
      throw new ProblemException(ProblemCode.OrgInvalid, `${result.problems.length} bad row(s); nothing was changed`, {
        errors: result.problems.map((p) => ({ path: p.path, message: `${p.code}: ${p.message}` })),
      });
    }
    if (this.directory instanceof OrgDirectory) this.directory.invalidate();
    return { counts: result.counts };
  }
}
