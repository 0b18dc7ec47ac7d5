import { Inject, Injectable } from '@nestjs/common';
import { log } from '@temporalio/activity';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@shuangcha/config';
import type { CaseLinkActivities, CaseLinkRecord, CaseNumberRequest, FiledTraceBack } from '@shuangcha/contracts';
import { shanghaiLocalDate } from '@shuangcha/domain/calendar';
import { documentNoOf, formatCaseNo } from '@shuangcha/domain/case';
import {
  insertCaseLink,
  nextCaseSeq,
  registerCase,
  registrationByNumber,
  registrationByRequest,
} from '@shuangcha/persistence';
import { rejectingUnstorable } from './unstorable';

/** Numbers some case already holds, skipped in a row before giving up (as the gateway's opening does). */
const MAX_TAKEN_NUMBERS_SKIPPED = 50;

/**
 * Cases a workflow opens for another case (DOMAIN §4: a person found with DIRECT responsibility gets a
 * violation case of their own) and the links between them. Idempotent by key: a number is registered once
 * per request key, a link once per side. Methods only: `bindActivities` registers every prototype method.
 */
@Injectable()
export class CaseLinkActivitiesImpl implements CaseLinkActivities {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The next number of the jurisdiction's count, registered to `case-<jurisdictionId>-<caseNo>` in one
   * transaction; the workflow then starts that case. A retry of the same request finds its registration.
   */
  async allocateCaseNumber(request: CaseNumberRequest): Promise<FiledTraceBack> {
    return this.dataSource.transaction(async (manager) => {
      const earlier = await registrationByRequest(manager, request.openedBy, request.requestKey);
      if (earlier) return { caseId: earlier.caseId, caseNo: earlier.caseNo };
      const year = Number(shanghaiLocalDate(Date.now()).slice(0, 4));
      for (let skipped = 0; skipped <= MAX_TAKEN_NUMBERS_SKIPPED; skipped++) {
        const caseNo = formatCaseNo(year, await nextCaseSeq(manager, request.jurisdictionId, year));
        if (await registrationByNumber(manager, request.jurisdictionId, caseNo)) continue;
        const caseId = `case-${request.jurisdictionId}-${caseNo}`;
        await registerCase(manager, {
          caseId,
          jurisdictionId: request.jurisdictionId,
          caseNo,
          documentNo: documentNoOf(this.config.CASE_DOCUMENT_NO_TEMPLATES, request.jurisdictionId, caseNo),
          allocated: true,
          openedBy: request.openedBy,
          requestKey: request.requestKey,
        });
        log.info('case number allocated for a linked case', { caseId });
        return { caseId, caseNo };
      }
      throw new Error(`more than ${MAX_TAKEN_NUMBERS_SKIPPED} taken numbers in a row in ${request.jurisdictionId}`);
    });
  }

  async linkCases(link: CaseLinkRecord): Promise<void> {
    await rejectingUnstorable(() => insertCaseLink(this.dataSource.manager, link));
    log.debug('cases linked', { originCaseId: link.originCaseId, openedCaseId: link.openedCaseId });
  }
}
