import { CreateCaseReadModel1764403200000 } from './1764403200000-CreateCaseReadModel';
import { CreateAuditEntries1764403260000 } from './1764403260000-CreateAuditEntries';
import { CreateOrgModel1764500000000 } from './1764500000000-CreateOrgModel';
import { CreateRectification1764600000000 } from './1764600000000-CreateRectification';
import { CreateIdempotencyKeys1764700000000 } from './1764700000000-CreateIdempotencyKeys';
import { AddSupervisionIndexes1764800000000 } from './1764800000000-AddSupervisionIndexes';
import { AddCaseTargetIds1764900000000 } from './1764900000000-AddCaseTargetIds';
import { AddCaseRecusedIds1765100000000 } from './1765100000000-AddCaseRecusedIds';
import { AddIdempotencyReservations1765200000000 } from './1765200000000-AddIdempotencyReservations';
import { CreateAuditCheckpoints1765200001000 } from './1765200001000-CreateAuditCheckpoints';
import { CreateCaseNumbering1765300000000 } from './1765300000000-CreateCaseNumbering';
import { AddNotificationInbox1765400000000 } from './1765400000000-AddNotificationInbox';
import { CreateCaseAttachments1765540000000 } from './1765540000000-CreateCaseAttachments';
import { CreateCaseFileExports1765600000000 } from './1765600000000-CreateCaseFileExports';
import { AddCaseTraceBackIntervals1765650000000 } from './1765650000000-AddCaseTraceBackIntervals';
import { CreateCaseLinks1765730000000 } from './1765730000000-CreateCaseLinks';
import { CreateInvestigativeMeasures1765740000000 } from './1765740000000-CreateInvestigativeMeasures';
import { AddTaskConcernsPerson1765770000000 } from './1765770000000-AddTaskConcernsPerson';
import { AddCaseStallColumns1765780000000 } from './1765780000000-AddCaseStallColumns';
import { AddSupervisionStatsScope1765781000000 } from './1765781000000-AddSupervisionStatsScope';

/** In order; a merged migration is never edited, a change is a new one appended here. */
export const MIGRATIONS = [
  CreateCaseReadModel1764403200000,
  CreateAuditEntries1764403260000,
  CreateOrgModel1764500000000,
  CreateRectification1764600000000,
  CreateIdempotencyKeys1764700000000,
  AddSupervisionIndexes1764800000000,
  AddCaseTargetIds1764900000000,
  AddCaseRecusedIds1765100000000,
  AddIdempotencyReservations1765200000000,
  CreateAuditCheckpoints1765200001000,
  CreateCaseNumbering1765300000000,
  AddNotificationInbox1765400000000,
  CreateCaseAttachments1765540000000,
  CreateCaseFileExports1765600000000,
  AddCaseTraceBackIntervals1765650000000,
  CreateCaseLinks1765730000000,
  CreateInvestigativeMeasures1765740000000,
  AddTaskConcernsPerson1765770000000,
  AddCaseStallColumns1765780000000,
  AddSupervisionStatsScope1765781000000,
];
