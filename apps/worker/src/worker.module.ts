import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@shuangcha/config';
import { PersistenceModule } from '@shuangcha/persistence';
import { ActivitiesModule } from '../../../activities';
import { ConfigModule } from './config.module';

@Module({})
export class WorkerModule {
  static forConfig(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forConfig(config),
        PersistenceModule.forRootAsync({ applicationName: 'shuangcha-worker' }),
        ActivitiesModule,
      ],
    };
  }
}
