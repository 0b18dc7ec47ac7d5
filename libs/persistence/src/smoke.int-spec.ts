import { Client } from 'pg';
import { Connection } from '@temporalio/client';

it('reaches the real PostgreSQL and Temporal started for the run', async () => {
  const pg = new Client({ connectionString: process.env.SHUANGCHA_TEST_DATABASE_URL });
  await pg.connect();
  const res = await pg.query('select version()');
  await pg.end();
  expect(res.rows[0].version).toMatch(/PostgreSQL 18/);
  const conn = await Connection.connect({ address: process.env.SHUANGCHA_TEST_TEMPORAL_ADDRESS });
  const sa = await conn.operatorService.listSearchAttributes({ namespace: 'default' });
  await conn.close();
  expect(Object.keys(sa.customAttributes)).toContain('CaseStage');
});
