import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@shuangcha/config';
import { ProblemCode, type DueDateQuery, type DueDateView } from '@shuangcha/contracts/http';
import { dueDateFrom } from '@shuangcha/domain/deadline';
import { clockOf, policyByVersion, UnknownPolicyVersionError, type CasePolicy } from '@shuangcha/domain/policy';
import { ProblemException } from '../problem/problem.exception';
import { HolidayCalendarService } from '../supervision/holiday-calendar.service';

/** Answers a due date with the same calendar and arithmetic the workflows use (issue 12 §4a). */
@Injectable()
export class DueDateService {
  constructor(
    @Inject(HolidayCalendarService) private readonly calendars: HolidayCalendarService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async dueDate(query: DueDateQuery): Promise<DueDateView> {
    const policy = this.policy(query.policyVersion ?? this.config.DEFAULT_POLICY_VERSION);
    const [amount, unit] =
      query.workingDays !== undefined
        ? [query.workingDays, 'wd' as const]
        : query.calendarDays !== undefined
          ? [query.calendarDays, 'd' as const]
          : [query.months as number, 'm' as const];
    const due = dueDateFrom(await this.calendars.current(), query.from, amount, unit);
    return {
      from: query.from,
      amount,
      unit,
      dueDate: due.dueDate,
      dueAt: new Date(due.dueAtMs).toISOString(),
      clock: clockOf(policy),
      provisional: due.provisional,
      policyVersion: policy.version,
      timeScale: policy.timeScale,
    };
  }

  private policy(version: string): CasePolicy {
    try {
      return policyByVersion(version);
    } catch (error) {
      if (error instanceof UnknownPolicyVersionError)
        throw new ProblemException(ProblemCode.PolicyNotAllowed, error.message);
      throw error;
    }
  }
}
