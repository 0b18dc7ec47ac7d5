import type { DataSource } from 'typeorm';
import { parseOrgSnapshot } from '@shuangcha/domain/org';
import sampleOrg from '../../../../infra/seed/sample-org.json';
import { type OrgCounts, writeOrg } from './org.repository';

/**
 * First start of the local stack: loads infra/seed/sample-org.json when no org model is stored. Checks
 * and writes under the replace lock, so two processes starting together load it once.
 */
export async function loadSampleOrgIfEmpty(
  dataSource: DataSource,
): Promise<{ loaded: boolean; counts: OrgCounts | null }> {
  const parsed = parseOrgSnapshot(sampleOrg);
  if ('problems' in parsed)
    throw new Error(`infra/seed/sample-org.json is invalid: ${JSON.stringify(parsed.problems)}`);
  const counts = await dataSource.transaction((manager) => writeOrg(manager, parsed.snapshot, { onlyIfEmpty: true }));
  return { loaded: counts !== null, counts };
}
