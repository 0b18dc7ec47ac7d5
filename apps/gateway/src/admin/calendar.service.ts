import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@shuangcha/config';
import { calendarUpdated } from '@shuangcha/contracts';
import {
  ProblemCode,
  type CalendarImportBody,
  type CalendarImportResult,
  type ProblemFieldError,
} from '@shuangcha/contracts/http';
import { parseYearSchedule, type YearSchedule } from '@shuangcha/domain/calendar';
import { appendAuditEntry, upsertHolidayYear } from '@shuangcha/persistence';
import type { Principal } from '../auth/principal';
import { IdempotencyService, type IdempotentResult } from '../idempotency/idempotency.service';
import { ProblemException } from '../problem/problem.exception';
import { CASE_WORKFLOW_TYPE } from '../temporal/temporal.module';

/** Calendar changes are audited (DOMAIN §8) on their own chain, not on any case's. */
export const CALENDAR_AUDIT_CASE_ID = 'calendar';
const OPEN_CASES_QUERY = `WorkflowType='${CASE_WORKFLOW_TYPE}' AND ExecutionStatus='Running'`;

@Injectable()
export class CalendarService {
  private readonly logger = new Logger(CalendarService.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Client) private readonly client: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(IdempotencyService) private readonly idempotency: IdempotencyService,
  ) {}

  /**
   * Imports State Council schedules: every problem of every year is reported at once (422), nothing is
   * stored unless all years are valid, and each open case is signalled so provisional due dates recompute.
   */
  async importYears(
    principal: Principal,
    key: string,
    body: CalendarImportBody,
  ): Promise<IdempotentResult<CalendarImportResult>> {
    const schedules = validate(body);
    return this.idempotency.run(
      { principalId: principal.personId, key, route: 'POST /admin/calendar/years', body },
      async () => {
        const importedAt = new Date();
        await this.dataSource.transaction(async (tx) => {
          for (const schedule of schedules) {
            await upsertHolidayYear(tx, {
              year: schedule.year,
              schedule,
              source: schedule.source,
              importedBy: principal.personId,
              importedAt,
            });
            await appendAuditEntry(tx, {
              eventKey: `calendar:${principal.personId}:${key}:${schedule.year}`,
              caseId: CALENDAR_AUDIT_CASE_ID,
              actorId: principal.personId,
              action: 'CALENDAR_YEAR_IMPORTED',
              at: importedAt.toISOString(),
              after: {
                year: schedule.year,
                source: schedule.source,
                holidays: schedule.holidays.length,
                makeUpWorkdays: schedule.makeUpWorkdays.length,
              },
            });
          }
        });
        return { years: schedules.map((s) => s.year), signalledCases: await this.signalOpenCases(schedules) };
      },
    );
  }

  private async signalOpenCases(schedules: YearSchedule[]): Promise<number> {
    let signalled = 0;
    // This deployment's cases only: another deployment sharing the namespace keeps its own cases (and keys).
    const query = `${OPEN_CASES_QUERY} AND TaskQueue='${this.config.TEMPORAL_TASK_QUEUE}'`;
    for await (const execution of this.client.workflow.list({ query })) {
      const handle = this.client.workflow.getHandle(execution.workflowId);
      try {
        for (const schedule of schedules)
          await handle.signal(calendarUpdated, {
            ...schedule,
            holidays: [...schedule.holidays],
            makeUpWorkdays: [...schedule.makeUpWorkdays],
          });
        signalled += 1;
      } catch (error) {
        // A case that closed since the listing needs no new calendar; the others still get theirs.
        this.logger.warn({ err: error, workflowId: execution.workflowId }, 'could not signal calendarUpdated');
      }
    }
    return signalled;
  }
}

function validate(body: CalendarImportBody): YearSchedule[] {
  const errors: ProblemFieldError[] = [];
  const schedules: YearSchedule[] = [];
  const seen = new Set<number>();
  body.years.forEach((year, index) => {
    if (seen.has(year.year))
      errors.push({ path: `years.${index}.year`, message: `DUPLICATE_YEAR: ${year.year} appears more than once` });
    seen.add(year.year);
    const parsed = parseYearSchedule(year);
    if (parsed.ok) schedules.push(parsed.schedule);
    else
      for (const p of parsed.problems)
        errors.push({ path: `years.${index}.${p.path}`, message: `${p.code}: ${p.message}` });
  });
  if (errors.length > 0) {
    throw new ProblemException(ProblemCode.CalendarInvalid, `${errors.length} problem(s) in the imported schedule`, {
      errors,
    });
  }
  return schedules;
}
