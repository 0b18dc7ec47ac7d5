import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { appendAuditEntry } from '@shuangcha/persistence';

/** Chain for denials that concern no case (401s, role checks on routes): one pseudo case, same hash chain. */
export const GATEWAY_AUDIT_CASE_ID = 'gateway';

export type DenialAction = 'DENIED' | 'UPDATE_REJECTED';

export interface DenialRecord {
  action: DenialAction;
  caseId: string | undefined;
  actorId: string | null;
  code: string;
  reason: string;
  method: string;
  path: string;
  traceId: string;
}

/** DOMAIN §8: denials and rejected decisions are audited; Temporal history does not record rejected Updates. */
@Injectable()
export class DenialAuditService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async record(denial: DenialRecord): Promise<void> {
    await appendAuditEntry(this.dataSource.manager, {
      eventKey: `gateway:${denial.traceId}:${randomUUID()}`,
      caseId: denial.caseId ?? GATEWAY_AUDIT_CASE_ID,
      actorId: denial.actorId,
      action: denial.action,
      at: new Date().toISOString(),
      after: {
        code: denial.code,
        reason: denial.reason,
        method: denial.method,
        path: denial.path,
        traceId: denial.traceId,
      },
    });
  }
}
