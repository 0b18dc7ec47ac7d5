import { loadDatabaseConfig } from '@shuangcha/config';
import { createDataSource } from './create-data-source';

export { createDataSource } from './create-data-source';

/**
 * For the TypeORM CLI only (`typeorm -d libs/persistence/src/data-source.ts migration:run|generate`).
 * Reading config at import is why the package index does not re-export this file.
 */
const config = loadDatabaseConfig();
export default createDataSource(config.databaseUrl, {
  ssl: config.DATABASE_SSL,
  applicationName: 'shuangcha-migrations',
});
