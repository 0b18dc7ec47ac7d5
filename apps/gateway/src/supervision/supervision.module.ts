import { Module } from '@nestjs/common';
import { HolidayCalendarService } from './holiday-calendar.service';
import { SupervisionController } from './supervision.controller';
import { SupervisionService } from './supervision.service';

@Module({ controllers: [SupervisionController], providers: [SupervisionService, HolidayCalendarService] })
export class SupervisionModule {}
