import type { DataSource } from 'typeorm';
import {
  disciplineStaffOf,
  matchesPersonQuery,
  tenureHistory,
  type DirectoryPerson,
  type PostView,
  type UnitId,
} from '@shuangcha/domain/org';
import { decodeKeysetCursor, encodeKeysetCursor, type Page } from '../read-model/supervision.queries';
import { OrgRepository } from './org.repository';

export interface PeopleFilter {
  /** The caller's jurisdictions; `'all'` for an admin. */
  jurisdictionIds: readonly UnitId[] | 'all';
  q?: string;
  /** Only people with a current post in a body of this unit. */
  unitId?: string;
  /** Only people with a current post in this body. */
  bodyId?: string;
  limit: number;
  /** `nextCursor` of the previous page. */
  cursor?: string | null;
  /** The directory's day (Asia/Shanghai local date). */
  asOf: string;
}

export interface PersonDetail extends DirectoryPerson {
  /** Every post the person held, newest first: who held a post during a misconduct period (DOMAIN §4.4). */
  tenures: readonly PostView[];
}

/**
 * The people directory (issue 10 §1): staff and approvers of a jurisdiction, from the org model with
 * history. The org model is small (a province's commissions are a few thousand people) and read whole.
 */
export class PeopleQueries {
  private readonly org: OrgRepository;

  constructor(dataSource: DataSource) {
    this.org = new OrgRepository(dataSource);
  }

  async search(filter: PeopleFilter): Promise<Page<DirectoryPerson>> {
    const after = decodeKeysetCursor(filter.cursor, 1)?.[0];
    const snapshot = await this.org.loadSnapshot(filter.asOf);
    const matching = disciplineStaffOf(snapshot, filter.jurisdictionIds, filter.asOf).filter(
      (person) =>
        (filter.q === undefined || matchesPersonQuery(person, filter.q)) &&
        (filter.unitId === undefined || person.posts.some((post) => post.unitId === filter.unitId)) &&
        (filter.bodyId === undefined || person.posts.some((post) => post.bodyId === filter.bodyId)) &&
        (after === undefined || person.id > String(after)),
    );
    const items = matching.slice(0, filter.limit);
    const last = items.at(-1);
    return { items, nextCursor: matching.length > filter.limit && last ? encodeKeysetCursor([last.id]) : null };
  }

  /** The person with tenure history, or null when they are not in the caller's directory. */
  async person(
    personId: string,
    scope: { jurisdictionIds: readonly UnitId[] | 'all'; asOf: string },
  ): Promise<PersonDetail | null> {
    const snapshot = await this.org.loadSnapshot(scope.asOf);
    const person = disciplineStaffOf(snapshot, scope.jurisdictionIds, scope.asOf).find((p) => p.id === personId);
    return person ? { ...person, tenures: tenureHistory(snapshot, personId) } : null;
  }
}
