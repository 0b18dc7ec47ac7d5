import { Controller, Get, Header, Inject, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ZodValidationPipe } from 'nestjs-zod';
import {
  overdueExportQuerySchema,
  overdueQuerySchema,
  stalledExportQuerySchema,
  stalledQuerySchema,
  statsQuerySchema,
  type OverdueExportQuery,
  type OverdueList,
  type OverdueQuery,
  type StalledExportQuery,
  type StalledList,
  type StalledQuery,
  type StatsQuery,
  type SupervisionStatsView,
} from '@shuangcha/contracts/http';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ApiProblem } from '../openapi/api-problem.decorator';
import { OverdueListDto, StalledListDto, SupervisionStatsDto } from '../openapi/dtos';
import { Can } from '../policy/can.decorator';
import { OVERDUE_COLUMNS, STALLED_COLUMNS, STATS_COLUMNS, statsRows, toCsv } from './supervision-csv';
import { SupervisionService, type Export } from './supervision.service';

const CSV = 'text/csv; charset=utf-8';
const csvResponse = (description: string) =>
  ApiOkResponse({ description, content: { 'text/csv': { schema: { type: 'string' } } } });
const TRUNCATED_HEADER = 'X-Export-Truncated';

const stageQuery = ApiQuery({ name: 'stage', required: false, type: String, example: 'trialReview' });
const unitQuery = ApiQuery({ name: 'unit', required: false, type: String, example: 'u-unit-a' });
const levelQuery = ApiQuery({
  name: 'minLevel',
  required: false,
  type: Number,
  description:
    'at least this escalation level: 0 reminder, 1 superior, 2 case management, 3 leader in charge, 4 higher commission',
});
const idleQuery = ApiQuery({
  name: 'idleWd',
  required: false,
  type: Number,
  description: 'working days without activity, 1-250; default the policy’s stall.idleWd (10)',
});
const limitQuery = ApiQuery({ name: 'limit', required: false, type: Number, description: '1-200, default 50' });
const cursorQuery = ApiQuery({
  name: 'cursor',
  required: false,
  type: String,
  description: 'nextCursor of the previous page',
});
const fromQuery = ApiQuery({ name: 'from', required: true, type: String, format: 'date', example: '2026-01-01' });
const toQuery = ApiQuery({ name: 'to', required: true, type: String, format: 'date', example: '2026-03-31' });

function sendExport<T extends object>(
  res: Response,
  exported: Export<T>,
  columns: readonly (keyof T & string)[],
): string {
  res.setHeader(TRUNCATED_HEADER, String(exported.truncated));
  return toCsv(exported.rows, columns);
}

/**
 * Supervision views for the case-management office (督办): stage, deadlines, stall and escalation figures
 * of the caller's jurisdictions, never case content (DOMAIN §8). Each list has a CSV export of all its
 * pages (up to EXPORT_MAX_ROWS, flagged by X-Export-Truncated).
 */
@ApiTags('supervision')
@Controller('supervision')
export class SupervisionController {
  constructor(@Inject(SupervisionService) private readonly supervision: SupervisionService) {}

  @Get('stalled')
  @Can('read', 'Supervision')
  @ApiOperation({ summary: 'Open cases without audited activity for N working days (DOMAIN §7 stalled)' })
  @idleQuery
  @stageQuery
  @unitQuery
  @levelQuery
  @limitQuery
  @cursorQuery
  @ApiOkResponse({ type: StalledListDto })
  @ApiProblem(400, 'VALIDATION_FAILED, including a cursor this API did not return')
  stalled(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(stalledQuerySchema)) query: StalledQuery,
  ): Promise<StalledList> {
    return this.supervision.stalled(principal, query);
  }

  @Get('stalled/export.csv')
  @Can('read', 'Supervision')
  @Header('Content-Type', CSV)
  @Header('Content-Disposition', 'attachment; filename="supervision-stalled.csv"')
  @ApiOperation({ summary: 'CSV of every stalled case matching the filters' })
  @ApiProduces('text/csv')
  @idleQuery
  @stageQuery
  @unitQuery
  @levelQuery
  @csvResponse('Columns as the JSON items; X-Export-Truncated tells whether rows were left out')
  async exportStalled(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(stalledExportQuerySchema)) query: StalledExportQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    return sendExport(res, await this.supervision.exportStalled(principal, query), STALLED_COLUMNS);
  }

  @Get('overdue')
  @Can('read', 'Supervision')
  @ApiOperation({ summary: 'Open tasks past their due date, oldest first, with their escalation level' })
  @stageQuery
  @unitQuery
  @levelQuery
  @limitQuery
  @cursorQuery
  @ApiOkResponse({ type: OverdueListDto })
  @ApiProblem(400, 'VALIDATION_FAILED, including a cursor this API did not return')
  overdue(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(overdueQuerySchema)) query: OverdueQuery,
  ): Promise<OverdueList> {
    return this.supervision.overdue(principal, query);
  }

  @Get('overdue/export.csv')
  @Can('read', 'Supervision')
  @Header('Content-Type', CSV)
  @Header('Content-Disposition', 'attachment; filename="supervision-overdue.csv"')
  @ApiOperation({ summary: 'CSV of every overdue task matching the filters' })
  @ApiProduces('text/csv')
  @stageQuery
  @unitQuery
  @levelQuery
  @csvResponse('Columns as the JSON items; X-Export-Truncated tells whether rows were left out')
  async exportOverdue(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(overdueExportQuerySchema)) query: OverdueExportQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    return sendExport(res, await this.supervision.exportOverdue(principal, query), OVERDUE_COLUMNS);
  }

  @Get('stats')
  @Can('read', 'Supervision')
  @ApiOperation({
    summary:
      'Cases per stage, median and p90 stage durations, overdue rate and escalations by unit, for cases and tasks in [from, to] (Shanghai dates)',
  })
  @fromQuery
  @toQuery
  @ApiOkResponse({ type: SupervisionStatsDto })
  stats(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(statsQuerySchema)) query: StatsQuery,
  ): Promise<SupervisionStatsView> {
    return this.supervision.stats(principal, query);
  }

  @Get('stats/export.csv')
  @Can('read', 'Supervision')
  @Header('Content-Type', CSV)
  @Header('Content-Disposition', 'attachment; filename="supervision-stats.csv"')
  @ApiOperation({ summary: 'The stats as metric,key,value rows' })
  @ApiProduces('text/csv')
  @fromQuery
  @toQuery
  @csvResponse('metric,key,value rows')
  async exportStats(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(statsQuerySchema)) query: StatsQuery,
  ): Promise<string> {
    return toCsv(statsRows(await this.supervision.stats(principal, query)), STATS_COLUMNS);
  }
}
