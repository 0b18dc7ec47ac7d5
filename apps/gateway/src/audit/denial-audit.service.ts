import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { appendAuditEntry } from '@shuangcha/persistence';

/**
 * Chain of a person's refusals that concern no case (a role may not use a route). One chain per person,
 * not one for the whole gateway: appends serialise per chain, so one busy caller cannot slow the others.
 */
export function personDenialChain(personId: string): string {
  return `denials:${personId}`;
}

export type DenialAction = 'DENIED' | 'UPDATE_REJECTED';

export interface DenialRecord {
  action: DenialAction;
  caseId: string | undefined;
  actorId: string | null;
  code: string;
  reason: string;
  /** Need-to-know refusals: why (SUBJECT, CANDIDATE, RECUSED, OUTSIDE_JURISDICTION…), while the caller saw 404. */
  refusal?: string;
  method: string;
  path: string;
  traceId: string;
}

/** DOMAIN §8: denials and rejected decisions are audited; Temporal history does not record rejected Updates. */
@Injectable()
export class DenialAuditService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Appends to the case's chain, else to the actor's; a refusal with neither is left to the log. */
  async record(denial: DenialRecord): Promise<void> {
    const chain = denial.caseId ?? (denial.actorId ? personDenialChain(denial.actorId) : undefined);
    if (!chain) return;
    await appendAuditEntry(this.dataSource.manager, {
      eventKey: `gateway:${denial.traceId}:${randomUUID()}`,
      caseId: chain,
      actorId: denial.actorId,
      action: denial.action,
      at: new Date().toISOString(),
      after: {
        code: denial.code,
        reason: denial.reason,
        ...(denial.refusal ? { refusal: denial.refusal } : {}),
        method: denial.method,
        path: denial.path,
        traceId: denial.traceId,
      },
    });
  }
}
