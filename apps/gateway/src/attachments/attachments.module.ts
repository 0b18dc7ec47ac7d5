import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@shuangcha/config';
import { createObjectStore, OBJECT_STORE } from '@shuangcha/persistence';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';

@Module({
  controllers: [AttachmentsController],
  providers: [
    AttachmentsService,
    { provide: OBJECT_STORE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createObjectStore(config) },
  ],
  exports: [AttachmentsService],
})
export class AttachmentsModule {}
