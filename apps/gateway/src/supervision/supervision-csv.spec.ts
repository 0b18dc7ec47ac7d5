import { statsRows, STATS_COLUMNS, toCsv } from './supervision-csv';

describe('supervision CSV', () => {
  it('writes a header and one row per item, quoting commas and neutralising formula cells', () => {
    const csv = toCsv(
      [
        { id: 'u-1', note: 'a,b', n: 3, flag: true, none: null },
        { id: '=HYPERLINK("x")', note: '-1', n: 0, flag: false, none: null },
      ],
      ['id', 'note', 'n', 'flag', 'none'],
    );
    expect(csv.split('\r\n')).toEqual([
      'id,note,n,flag,none',
      'u-1,"a,b",3,true,',
      `"'=HYPERLINK(""x"")",'-1,0,false,`,
      '',
    ]);
  });

  it('flattens the stats without losing a figure', () => {
    const rows = statsRows({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-02-01T00:00:00.000Z',
      casesPerStage: [{ stage: 'intake', count: 2 }],
      stageDurations: [{ stage: 'intake', count: 2, medianHours: 1.5, p90Hours: 3 }],
      overdueRate: { decided: 4, decidedLate: 1, rate: 0.25 },
      escalationsByUnit: [{ unitId: 'u-1', escalations: 5 }],
      escalationsByLevel: [{ level: 2, escalations: 5 }],
      overdueRateByUnit: [{ month: '2026-01', unitId: 'u-1', decided: 4, decidedLate: 1, rate: 0.25 }],
    });
    expect(toCsv(rows, STATS_COLUMNS).split('\r\n')).toEqual([
      'metric,key,value',
      'range,from,2026-01-01T00:00:00.000Z',
      'range,to,2026-02-01T00:00:00.000Z',
      'casesPerStage,intake,2',
      'stageDurationCount,intake,2',
      'stageDurationMedianHours,intake,1.5',
      'stageDurationP90Hours,intake,3',
      'overdueRate,decided,4',
      'overdueRate,decidedLate,1',
      'overdueRate,rate,0.25',
      'escalationsByUnit,u-1,5',
      'escalationsByLevel,2,5',
      'overdueRateByUnitDecided,2026-01 u-1,4',
      'overdueRateByUnitDecidedLate,2026-01 u-1,1',
      'overdueRateByUnitRate,2026-01 u-1,0.25',
      '',
    ]);
  });
});
