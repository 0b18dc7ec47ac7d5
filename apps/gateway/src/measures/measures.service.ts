import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { logInvestigativeMeasure } from '@shuangcha/contracts';
import { ProblemCode, type MeasureList, type MeasureLogBody } from '@shuangcha/contracts/http';
import { measuresOfCase } from '@shuangcha/persistence';
import type { Principal } from '../auth/principal';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { PeopleMapService } from '../people/people-map.service';
import { CaseAccessService } from '../policy/case-access.service';
import { ProblemException } from '../problem/problem.exception';

/** 审查调查措施: logged through the violation investigation, listed from the read model (DOMAIN §2, WR art. 40). */
@Injectable()
export class MeasuresService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
    @Inject(CaseAccessService) private readonly access: CaseAccessService,
    @Inject(PeopleMapService) private readonly people: PeopleMapService,
  ) {}

  /** The workflow decides the rest: stage, team membership, recusal, the kind's stages and approval. */
  async log(principal: Principal, key: string, caseId: string, body: MeasureLogBody) {
    const state = await this.access.requireCase(principal, 'act', caseId);
    const violation = state.children.find((c) => c.role === 'violation' && c.status === 'RUNNING');
    if (!violation) {
      throw new ProblemException(
        ProblemCode.WrongStage,
        `case ${caseId} has no running violation investigation to take measures in`,
        { caseId },
      );
    }
    return this.idempotency.updateAs(principal, key, {
      route: 'POST /cases/:id/measures',
      at: { caseId },
      workflowId: violation.workflowId,
      update: logInvestigativeMeasure,
      body,
    });
  }

  async list(principal: Principal, caseId: string): Promise<MeasureList> {
    await this.access.requireCase(principal, 'read', caseId);
    const rows = await measuresOfCase(this.dataSource.manager, caseId);
    const items = rows.map(({ caseId: _c, workflowId: _w, projectionVersion: _v, ...item }) => item);
    return this.people.withPeople({ caseId, items });
  }
}
