import { Module } from '@nestjs/common';
import { CasesController } from './cases.controller';
import { CaseOpeningService } from './case-opening.service';
import { CaseStarts } from './case-starts';
import { CasesService } from './cases.service';

@Module({ controllers: [CasesController], providers: [CasesService, CaseOpeningService, CaseStarts] })
export class CasesModule {}
