import { Module } from '@nestjs/common';
import { CaseAuditController } from './case-audit.controller';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { CaseAuditService } from './case-audit.service';
import { ListAuditController } from './list-audit.controller';

@Module({
  controllers: [CaseAuditController, ListAuditController],
  providers: [CaseAuditService, AuditCheckpointService],
  exports: [AuditCheckpointService],
})
export class CaseAuditModule {}
