import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProblemCode, type AuditLog, type AuditVerification } from '@shuangcha/contracts/http';
import { listAudit, verifyAuditChain } from '@shuangcha/persistence';
import type { Principal } from '../auth/principal';
import { CaseAccessService } from '../policy/case-access.service';
import { ProblemException } from '../problem/problem.exception';

/**
 * A case's audit trail. Need-to-know (DOMAIN §8): the entries carry case content in `before`/`after`
 * (decisions, comments, people), so the log is for those with the full view — participants and the
 * jurisdiction's staff and leaders (approvers). Supervisors and admins see metadata only and get 403:
 * they know the case exists, so a 404 would be a pretence. Verification reveals no content (counts,
 * hashes, the first broken seq and event key), so every metadata viewer may run it — supervising the
 * integrity of the record is case-management's job. Anyone who may not see the case at all gets 404.
 */
@Injectable()
export class CaseAuditService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
  ) {}

  async log(principal: Principal, caseId: string): Promise<AuditLog> {
    const { view } = await this.access.view(principal, caseId);
    if (view !== 'full') {
      throw new ProblemException(
        ProblemCode.Forbidden,
        `the audit log of ${caseId} carries case content; ${principal.personId} sees its metadata only`,
        { caseId, denied: true },
      );
    }
    const entries = await listAudit(this.dataSource, caseId);
    return {
      caseId,
      items: entries.map((e) => ({
        seq: e.seq,
        eventKey: e.eventKey,
        actorId: e.actorId,
        action: e.action,
        at: e.at,
        before: e.before,
        after: e.after,
        hash: e.hash,
        prevHash: e.prevHash,
      })),
    };
  }

  async verify(principal: Principal, caseId: string): Promise<AuditVerification> {
    await this.access.view(principal, caseId);
    const result = await verifyAuditChain(this.dataSource, caseId);
    if (result.ok) {
      const head: { hash: string }[] = await this.dataSource.query(
        `SELECT hash FROM audit_entries WHERE case_id = $1 ORDER BY seq DESC LIMIT 1`,
        [caseId],
      );
      return { caseId, ok: true, count: result.count, ...(head[0] ? { headHash: head[0].hash } : {}) };
    }
    return {
      caseId,
      ok: false,
      count: result.firstBrokenSeq - 1,
      firstBroken: { seq: result.firstBrokenSeq, eventKey: result.eventKey, reason: result.reason },
    };
  }
}
