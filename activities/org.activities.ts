import { Injectable } from '@nestjs/common';
import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import {
  CaseFailure,
  type AccountabilitySummaryProjection,
  type OrgActivities,
  type OrgSnapshotResult,
} from '@shuangcha/contracts';
import {
  OrgRepository,
  orgSnapshotHash,
  redactedOrgSnapshot,
  upsertAccountabilitySummary,
} from '@shuangcha/persistence';

/**
 * The org model for the trace-back, and the accountability summary read model. Both are idempotent: the
 * load only reads, the summary upsert keeps the highest projectionVersion. Methods only (no helpers on the
 * class): `bindActivities` registers every prototype method.
 */
@Injectable()
export class OrgActivitiesImpl implements OrgActivities {
  constructor(private readonly dataSource: DataSource) {}

  async loadOrgSnapshot({ asOf }: { asOf: string }): Promise<OrgSnapshotResult> {
    const repository = new OrgRepository(this.dataSource);
    const snapshot = redactedOrgSnapshot(await repository.loadSnapshot(asOf));
    if (snapshot.persons.length === 0 && snapshot.units.length === 0) {
      throw ApplicationFailure.create({
        type: CaseFailure.OrgModelMissing,
        message: 'no org model is stored: import one with PUT /org',
        nonRetryable: true,
      });
    }
    const hash = orgSnapshotHash(snapshot);
    log.info('org snapshot loaded', { asOf, hash, persons: snapshot.persons.length, tenures: snapshot.tenures.length });
    return { snapshot, hash };
  }

  async projectAccountabilitySummary(projection: AccountabilitySummaryProjection): Promise<void> {
    const written = await upsertAccountabilitySummary(this.dataSource.manager, projection);
    log.debug(written ? 'accountability summary projected' : 'stale accountability summary skipped', {
      caseId: projection.caseId,
      projectionVersion: projection.projectionVersion,
    });
  }
}
