import { Module } from '@nestjs/common';
import { RectificationController, RectificationSupervisionController } from './rectification.controller';
import { RectificationService } from './rectification.service';

@Module({
  controllers: [RectificationController, RectificationSupervisionController],
  providers: [RectificationService],
})
export class RectificationModule {}
