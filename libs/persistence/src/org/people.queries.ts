import type { DataSource } from 'typeorm';
import {
  candidateOrgChart,
  disciplineStaffOf,
  matchesPersonQuery,
  tenureHistory,
  type CandidateOrgChart,
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

  constructor(private readonly dataSource: DataSource) {
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

  /**
   * Display name and one post held on `asOf` (the first by the imported order of positions) for each id
   * that is a person of the org model, in one query; ids that are not persons are left out.
   */
  async namesOf(
    ids: readonly string[],
    asOf: string,
  ): Promise<Record<string, { displayName: string; post: string | null }>> {
    if (ids.length === 0) return {};
    const rows: { id: string; display_name: string; post: string | null }[] = await this.dataSource.query(
      `SELECT p.id, p.display_name, cur.post
         FROM persons p
         LEFT JOIN LATERAL (
           SELECT COALESCE(pos.title, pos.role) AS post
             FROM tenures t JOIN positions pos ON pos.id = t.position_id
            WHERE t.person_id = p.id AND t.from_date <= $2::date AND (t.to_date IS NULL OR t.to_date >= $2::date)
            ORDER BY pos.ordinal, t.ordinal
            LIMIT 1) cur ON true
        WHERE p.id = ANY($1::text[])`,
      [ids, asOf],
    );
    return Object.fromEntries(rows.map((r) => [r.id, { displayName: r.display_name, post: r.post }]));
  }

  /** The trace-back candidates over the org chart as it stands on `asOf` (posts held during the periods). */
  async candidateOrgChart(asOf: string, input: Parameters<typeof candidateOrgChart>[1]): Promise<CandidateOrgChart> {
    return candidateOrgChart(await this.org.loadSnapshot(asOf), input);
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
