import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@shuangcha/config';
import { createObjectStore, OBJECT_STORE } from '@shuangcha/persistence';
import { DocumentsController } from '../documents/documents.controller';
import { DocumentsService } from '../documents/documents.service';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';

@Module({
  controllers: [AttachmentsController, DocumentsController],
  providers: [
    AttachmentsService,
    DocumentsService,
    { provide: OBJECT_STORE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createObjectStore(config) },
  ],
  exports: [AttachmentsService],
})
export class AttachmentsModule {}
