export { chineseDaysSchedules } from './chinese-days-schedules';
export { HolidayCalendar, type DueDate, type WorkingDayCount } from './holiday-calendar';
export { endOfShanghaiDay, shanghaiLocalDate, type LocalDate } from './shanghai-time';
export {
  parseYearSchedule,
  yearScheduleProblems,
  type ParseYearScheduleResult,
  type YearSchedule,
  type YearScheduleProblem,
  type YearScheduleProblemCode,
} from './year-schedule';
