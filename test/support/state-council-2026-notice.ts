/**
 * 国务院办公厅关于2026年部分节假日安排的通知 (issued 2025-11-04), transcribed by hand: the periods off
 * and the weekend days worked (调休). Tests check the due-date arithmetic against this table, never against
 * the holiday package the system itself reads.
 */
export const NOTICE_2026 = {
  /** 元旦: 1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。 */
  newYear: { off: ['2026-01-01', '2026-01-03'], workedWeekends: ['2026-01-04'] },
  /** 春节: 2月15日（周日）至23日（周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。 */
  springFestival: { off: ['2026-02-15', '2026-02-23'], workedWeekends: ['2026-02-14', '2026-02-28'] },
  /** 清明节: 4月4日（周六）至6日（周一）放假，共3天。 */
  qingming: { off: ['2026-04-04', '2026-04-06'], workedWeekends: [] },
  /** 劳动节: 5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。 */
  labourDay: { off: ['2026-05-01', '2026-05-05'], workedWeekends: ['2026-05-09'] },
  /** 端午节: 6月19日（周五）至21日（周日）放假，共3天。 */
  dragonBoat: { off: ['2026-06-19', '2026-06-21'], workedWeekends: [] },
  /** 中秋节: 9月25日（周五）至27日（周日）放假，共3天。 */
  midAutumn: { off: ['2026-09-25', '2026-09-27'], workedWeekends: [] },
  /** 国庆节: 10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。 */
  nationalDay: { off: ['2026-10-01', '2026-10-07'], workedWeekends: ['2026-09-20', '2026-10-10'] },
} as const;

export type DueDateRow = {
  /** What the row shows, in the notice's words. */
  why: string;
  from: string;
  query: 'workingDays' | 'calendarDays' | 'months';
  amount: number;
  due: string;
};

/**
 * Every 2026 holiday period and every make-up working day of the notice, as the due date a staff member
 * would count by hand from the notice (the day of the event not counted, DOMAIN §7).
 */
export const DUE_DATES_2026: readonly DueDateRow[] = [
  {
    why: '元旦 off Jan 1–3, Sunday Jan 4 worked',
    from: '2025-12-31',
    query: 'workingDays',
    amount: 1,
    due: '2026-01-04',
  },
  {
    why: '元旦: the day after the make-up Sunday',
    from: '2025-12-31',
    query: 'workingDays',
    amount: 2,
    due: '2026-01-05',
  },
  { why: '春节: Saturday Feb 14 worked', from: '2026-02-13', query: 'workingDays', amount: 1, due: '2026-02-14' },
  { why: '春节 off Feb 15–23', from: '2026-02-13', query: 'workingDays', amount: 2, due: '2026-02-24' },
  { why: '春节: Saturday Feb 28 worked', from: '2026-02-13', query: 'workingDays', amount: 6, due: '2026-02-28' },
  { why: '春节: Sunday Mar 1 not worked', from: '2026-02-13', query: 'workingDays', amount: 7, due: '2026-03-02' },
  { why: '清明 off Apr 4–6', from: '2026-04-03', query: 'workingDays', amount: 1, due: '2026-04-07' },
  { why: '劳动节 off May 1–5', from: '2026-04-30', query: 'workingDays', amount: 1, due: '2026-05-06' },
  { why: '劳动节: Saturday May 9 worked', from: '2026-04-30', query: 'workingDays', amount: 4, due: '2026-05-09' },
  { why: '劳动节: Sunday May 10 not worked', from: '2026-04-30', query: 'workingDays', amount: 5, due: '2026-05-11' },
  { why: '端午 off Jun 19–21', from: '2026-06-18', query: 'workingDays', amount: 1, due: '2026-06-22' },
  { why: '国庆: Sunday Sep 20 worked', from: '2026-09-18', query: 'workingDays', amount: 1, due: '2026-09-20' },
  { why: '中秋 off Sep 25–27', from: '2026-09-24', query: 'workingDays', amount: 1, due: '2026-09-28' },
  { why: '国庆 off Oct 1–7', from: '2026-09-30', query: 'workingDays', amount: 1, due: '2026-10-08' },
  { why: '国庆: Saturday Oct 10 worked', from: '2026-09-30', query: 'workingDays', amount: 3, due: '2026-10-10' },
  { why: '国庆: Sunday Oct 11 not worked', from: '2026-09-30', query: 'workingDays', amount: 4, due: '2026-10-12' },
  {
    why: '30 days ending on National Day roll past Oct 1–7',
    from: '2026-09-01',
    query: 'calendarDays',
    amount: 30,
    due: '2026-10-08',
  },
  {
    why: 'a month ending on 春节 Feb 15 rolls to Feb 24',
    from: '2026-01-15',
    query: 'months',
    amount: 1,
    due: '2026-02-24',
  },
  {
    why: 'a month ending on 清明 Apr 4 rolls to Apr 7',
    from: '2026-03-04',
    query: 'months',
    amount: 1,
    due: '2026-04-07',
  },
  {
    why: 'a month ending on 劳动节 May 2 rolls to May 6',
    from: '2026-04-02',
    query: 'months',
    amount: 1,
    due: '2026-05-06',
  },
  {
    why: '10 days ending on 端午 Jun 20 roll to Jun 22',
    from: '2026-06-10',
    query: 'calendarDays',
    amount: 10,
    due: '2026-06-22',
  },
  {
    why: 'a month ending on 中秋 Sep 26 rolls to Sep 28',
    from: '2026-08-26',
    query: 'months',
    amount: 1,
    due: '2026-09-28',
  },
  {
    why: 'a day ending on 元旦 Jan 1 rolls to the make-up Sunday Jan 4',
    from: '2025-12-31',
    query: 'calendarDays',
    amount: 1,
    due: '2026-01-04',
  },
];
