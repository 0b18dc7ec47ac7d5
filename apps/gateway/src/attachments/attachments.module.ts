import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@shuangcha/config';
import { createObjectStore, OBJECT_STORE } from '@shuangcha/persistence';
import { DocumentsController } from '../documents/documents.controller';
import { DocumentsService } from '../documents/documents.service';
import { CaseAuditModule } from '../audit/case-audit.module';
import { AttachmentsController } from './attachments.controller';
import { CaseFileExportController } from './case-file-export.controller';
import { CaseFileExportService } from './case-file-export.service';
import { CaseFileExportJobs } from './case-file-export-jobs.service';
import { CaseFileExportsController } from './case-file-exports.controller';
import { AttachmentsService } from './attachments.service';

@Module({
  imports: [CaseAuditModule],
  controllers: [AttachmentsController, DocumentsController, CaseFileExportController, CaseFileExportsController],
  providers: [
    AttachmentsService,
    DocumentsService,
    CaseFileExportService,
    CaseFileExportJobs,
    { provide: OBJECT_STORE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createObjectStore(config) },
  ],
  exports: [AttachmentsService],
})
export class AttachmentsModule {}
