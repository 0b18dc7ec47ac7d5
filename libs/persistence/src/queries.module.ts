import { type FactoryProvider, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AttachmentQueries } from './attachments/attachment.queries';
import { CaseFileExportQueries } from './attachments/case-file-export.queries';
import { CaseRecordQueries } from './attachments/case-record.queries';
import { IdempotencyKeys } from './idempotency/idempotency-keys';
import { OrgRepository } from './org/org.repository';
import { PeopleQueries } from './org/people.queries';
import { CaseListQueries } from './read-model/case-list.queries';
import { NeedToKnowQueries } from './read-model/need-to-know.queries';
import { NotificationQueries } from './read-model/notification.queries';
import { OpsGaugeQueries } from './read-model/ops-gauges.queries';
import { RectificationQueries } from './read-model/rectification.queries';
import { SupervisionQueries } from './read-model/supervision.queries';
import { TaskInboxQueries } from './read-model/task-inbox.queries';

/** Every query class an app's services inject; each is built once on the app's `DataSource`. */
const QUERY_CLASSES = [
  AttachmentQueries,
  CaseFileExportQueries,
  CaseListQueries,
  CaseRecordQueries,
  IdempotencyKeys,
  NeedToKnowQueries,
  NotificationQueries,
  OpsGaugeQueries,
  OrgRepository,
  PeopleQueries,
  RectificationQueries,
  SupervisionQueries,
  TaskInboxQueries,
];

const QUERY_PROVIDERS: FactoryProvider[] = QUERY_CLASSES.map((Queries) => ({
  provide: Queries,
  inject: [DataSource],
  useFactory: (dataSource: DataSource) => new Queries(dataSource),
}));

/**
 * The query classes as Nest providers, so a service injects the SQL it runs (immich's repositories) rather
 * than building its own from the `DataSource`. Global: `PersistenceModule.forRootAsync()` imports it.
 */
@Global()
@Module({ providers: QUERY_PROVIDERS, exports: QUERY_CLASSES })
export class QueriesModule {}
