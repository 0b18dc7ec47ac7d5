import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type OrgProblem, type OrgSnapshot, parseOrgSnapshot } from '@shuangcha/domain/org';
import { ORG_MODEL_ENTITIES } from '../entities/org-model.entity';
import { orgSnapshotHash, redactedOrgSnapshot } from './org-snapshot-hash';
import { type OrgRows, toOrgRows, toOrgSnapshot } from './org.mapper';

export type OrgCounts = Record<keyof OrgRows, number>;
export type ReplaceOrgResult = { ok: true; counts: OrgCounts } | { ok: false; problems: OrgProblem[] };

/** A replacement as the audit records it: the model's hash before and after, as of one day. */
export interface OrgReplacement {
  asOf: string;
  /** `orgSnapshotHash` of the redacted snapshot, the hash trace-back histories carry for that day. */
  beforeHash: string;
  afterHash: string;
  counts: OrgCounts;
}

/** Rows per INSERT: far below PostgreSQL's 65 535 bind parameters for the widest table. */
const CHUNK = 500;

/**
 * The org model with history. `replaceOrg` is all-or-nothing: the JSON is checked in full first (shape,
 * references, overlaps, cycles) and every bad row is reported; only a clean model replaces the stored one,
 * in one transaction, so readers see the old model or the new one, never a mix.
 */
@Injectable()
export class OrgRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * `record` runs in the replacing transaction with the old and new snapshot hashes, so the model never
   * changes without its audit entry (issue 16 item 8): if recording fails, nothing is replaced.
   */
  async replaceOrg(
    json: unknown,
    record?: { asOf: string; write: (manager: EntityManager, replacement: OrgReplacement) => Promise<unknown> },
  ): Promise<ReplaceOrgResult> {
    const parsed = parseOrgSnapshot(json);
    if ('problems' in parsed) return { ok: false, problems: parsed.problems };
    const counts = await this.dataSource.transaction(async (manager) => {
      await lockOrgTables(manager);
      const hashAsOf = async (asOf: string) =>
        orgSnapshotHash(redactedOrgSnapshot(toOrgSnapshot(await readOrg(manager), asOf)));
      const beforeHash = record ? await hashAsOf(record.asOf) : '';
      const written = (await writeOrg(manager, parsed.snapshot, { onlyIfEmpty: false })) as OrgCounts;
      if (record) {
        const afterHash = await hashAsOf(record.asOf);
        await record.write(manager, { asOf: record.asOf, beforeHash, afterHash, counts: written });
      }
      return written;
    });
    return { ok: true, counts };
  }

  /** Every row with its history; `asOf` is the day the rules treat as today (current managing body, period cut). */
  async loadSnapshot(asOf: string): Promise<OrgSnapshot> {
    // One consistent view across the nine tables, even while a replace commits.
    const rows = await this.dataSource.transaction('REPEATABLE READ', (manager) => readOrg(manager));
    return toOrgSnapshot(rows, asOf);
  }

  async isEmpty(): Promise<boolean> {
    return (await this.dataSource.getRepository(ORG_MODEL_ENTITIES[0]).count()) === 0;
  }
}

async function lockOrgTables(manager: EntityManager): Promise<void> {
  // Serialises concurrent replaces (and the first-start seed) without blocking readers.
  await manager.query(`LOCK TABLE "persons" IN SHARE ROW EXCLUSIVE MODE`);
}

/** Returns the row counts written, or null when `onlyIfEmpty` and a model is already stored. */
export async function writeOrg(
  manager: EntityManager,
  snapshot: OrgSnapshot,
  opts: { onlyIfEmpty: boolean },
): Promise<OrgCounts | null> {
  await lockOrgTables(manager);
  if (opts.onlyIfEmpty && (await manager.getRepository(ORG_MODEL_ENTITIES[0]).count()) > 0) return null;
  for (const entity of [...ORG_MODEL_ENTITIES].reverse())
    await manager.createQueryBuilder().delete().from(entity).execute();
  const rows = toOrgRows(snapshot);
  const counts = {} as OrgCounts;
  for (const [collection, list] of Object.entries(rows) as [keyof OrgRows, object[]][]) {
    for (let i = 0; i < list.length; i += CHUNK)
      await manager.insert(list[0].constructor as (typeof ORG_MODEL_ENTITIES)[number], list.slice(i, i + CHUNK));
    counts[collection] = list.length;
  }
  return counts;
}

async function readOrg(manager: EntityManager): Promise<OrgRows> {
  // Sequential: a transaction is one connection, which runs one query at a time anyway.
  const lists: object[][] = [];
  for (const entity of ORG_MODEL_ENTITIES)
    lists.push(await manager.getRepository(entity).find({ order: { ordinal: 'ASC' } }));
  const [persons, units, bodies, positions, tenures, portfolios, supervisions, managedBy, meetingDecisions] = lists;
  return {
    persons,
    units,
    bodies,
    positions,
    tenures,
    portfolios,
    supervisions,
    managedBy,
    meetingDecisions,
  } as unknown as OrgRows;
}
