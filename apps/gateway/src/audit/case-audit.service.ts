import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProblemCode, type AuditLog, type AuditLogQuery, type AuditVerification } from '@shuangcha/contracts/http';
import { listAudit, verifyAnchoredChain } from '@shuangcha/persistence';
import type { Principal } from '../auth/principal';
import { badCursor, decodeCursor, encodeCursor } from '../cases/cursor';
import { CaseAccessService } from '../policy/case-access.service';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { ProblemException } from '../problem/problem.exception';

/**
 * The audit trail of a case or a problem list (each is one hash chain). Need-to-know (DOMAIN §8): case
 * entries carry case content in `before`/`after` (decisions, comments, people), so a case's log is for
 * those with the full view — participants and the jurisdiction's staff and leaders (approvers).
 * Supervisors and admins see case metadata only and get 403: they know the case exists, so a 404 would be
 * a pretence. Verification reveals no content (counts, hashes, the first broken seq and event key), so
 * every metadata viewer may run it — supervising the integrity of the record is case-management's job.
 * A problem list has no metadata view: whoever may read the list reads its trail. Anyone who may not see
 * the case or list at all gets 404.
 */
@Injectable()
export class CaseAuditService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
    @Inject(AuditCheckpointService) private readonly checkpoints: AuditCheckpointService,
  ) {}

  async log(principal: Principal, caseId: string, query: AuditLogQuery): Promise<AuditLog> {
    const { view } = await this.access.view(principal, caseId);
    if (view !== 'full') {
      throw new ProblemException(
        ProblemCode.Forbidden,
        `the audit log of ${caseId} carries case content; ${principal.personId} sees its metadata only`,
        { caseId, denied: true },
      );
    }
    return this.page(caseId, query, 'GET /cases/{id}/audit');
  }

  async verify(principal: Principal, caseId: string): Promise<AuditVerification> {
    await this.access.view(principal, caseId);
    return this.verifyChain(caseId);
  }

  async listLog(principal: Principal, listId: string, query: AuditLogQuery): Promise<AuditLog> {
    await this.access.requireList(principal, 'read', listId);
    return this.page(listId, query, 'GET /rectification/lists/{id}/audit');
  }

  async listVerify(principal: Principal, listId: string): Promise<AuditVerification> {
    await this.access.requireList(principal, 'read', listId);
    return this.verifyChain(listId);
  }

  private async page(chainId: string, query: AuditLogQuery, route: string): Promise<AuditLog> {
    const afterSeq = query.cursor ? seqOfCursor(query.cursor, route) : 0;
    const entries = await listAudit(this.dataSource, chainId, {
      afterSeq,
      limit: query.limit + 1,
      actorId: query.actorId,
    });
    const page = entries.slice(0, query.limit);
    return {
      caseId: chainId,
      ...(entries.length > query.limit ? { nextCursor: encodeCursor(String(page[page.length - 1].seq)) } : {}),
      items: page.map((e) => ({
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

  /** Link by link, then against the chain's signed checkpoints (rewrites after an edit, truncation). */
  private async verifyChain(chainId: string): Promise<AuditVerification> {
    const { entries: _entries, ...result } = await verifyAnchoredChain(this.dataSource, chainId, this.checkpoints.keys);
    return { caseId: chainId, ...result };
  }
}

/** Keyset cursor over the chain: the seq of the last entry of the previous page. */
function seqOfCursor(cursor: string, route: string): number {
  const seq = Number(decodeCursor(cursor, route));
  if (Number.isSafeInteger(seq) && seq >= 0) return seq;
  throw badCursor(route);
}
