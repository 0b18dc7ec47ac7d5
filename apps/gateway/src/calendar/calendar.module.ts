import { Module } from '@nestjs/common';
import { HolidayCalendarService } from '../supervision/holiday-calendar.service';
import { CalendarQueryController } from './calendar.controller';
import { DueDateService } from './due-date.service';

@Module({ controllers: [CalendarQueryController], providers: [DueDateService, HolidayCalendarService] })
export class CalendarModule {}
