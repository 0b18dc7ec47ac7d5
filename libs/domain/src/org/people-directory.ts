import type { LocalDate } from './interval';
import { leadingBodyFor } from './org-queries';
import {
  type BodyId,
  isDisciplineBodyKind,
  type OrgSnapshot,
  type PersonId,
  type PositionRole,
  type UnitId,
} from './org-snapshot';

/** One post a person holds or held: the position with its body and unit, named for people to read. */
export interface PostView {
  readonly positionId: string;
  readonly title: string | null;
  readonly role: PositionRole;
  readonly bodyId: BodyId;
  readonly bodyName: string | null;
  readonly unitId: UnitId;
  readonly unitName: string | null;
  readonly from: LocalDate;
  readonly to: LocalDate | null;
  readonly acting: boolean;
}

/** A person of the discipline bodies (staff and approvers) with the posts current on the directory's day. */
export interface DirectoryPerson {
  readonly id: PersonId;
  readonly displayName: string;
  readonly posts: readonly PostView[];
}

const isCurrent = (row: { from: string; to: string | null }, asOf: LocalDate) =>
  row.from <= asOf && (row.to === null || asOf <= row.to);

/**
 * The units a discipline body reaches on `asOf`: those it supervises (监督, a resident group's departments
 * included) and, for a commission, the unit of the party body leading it, which is its cases' jurisdiction.
 */
export function disciplineBodyReach(snapshot: OrgSnapshot, bodyId: BodyId, asOf: LocalDate): UnitId[] {
  const body = snapshot.bodies.find((b) => b.id === bodyId);
  if (!body || !isDisciplineBodyKind(body.kind)) return [];
  const reach = new Set<UnitId>();
  for (const s of snapshot.supervisions) if (s.disciplineBodyId === bodyId && isCurrent(s, asOf)) reach.add(s.unitId);
  if (body.kind === 'disciplineCommission') {
    const leading = leadingBodyFor(snapshot, body.id);
    if (leading) reach.add(leading.unitId);
  }
  return [...reach].sort();
}

/** Every tenure of the person, newest first, as posts. */
export function tenureHistory(snapshot: OrgSnapshot, personId: PersonId): PostView[] {
  const positions = new Map(snapshot.positions.map((p) => [p.id, p]));
  const bodies = new Map(snapshot.bodies.map((b) => [b.id, b]));
  const units = new Map(snapshot.units.map((u) => [u.id, u]));
  const posts: PostView[] = [];
  for (const tenure of snapshot.tenures) {
    if (tenure.personId !== personId) continue;
    const position = positions.get(tenure.positionId);
    const body = position ? bodies.get(position.bodyId) : undefined;
    if (!position || !body) continue;
    posts.push({
      positionId: position.id,
      title: position.title ?? null,
      role: position.role,
      bodyId: body.id,
      bodyName: body.name ?? null,
      unitId: body.unitId,
      unitName: units.get(body.unitId)?.name ?? null,
      from: tenure.from,
      to: tenure.to,
      acting: tenure.acting,
    });
  }
  return posts.sort((a, b) =>
    a.from === b.from ? a.positionId.localeCompare(b.positionId) : a.from < b.from ? 1 : -1,
  );
}

/**
 * Staff and approvers of the given jurisdictions on `asOf`: persons with a current post in a discipline body
 * that reaches one of them (`'all'` for every discipline body), sorted by id, each with all current posts.
 */
export function disciplineStaffOf(
  snapshot: OrgSnapshot,
  jurisdictionIds: readonly UnitId[] | 'all',
  asOf: LocalDate,
): DirectoryPerson[] {
  const reachCache = new Map<BodyId, UnitId[]>();
  const reaches = (bodyId: BodyId) => {
    if (!reachCache.has(bodyId)) reachCache.set(bodyId, disciplineBodyReach(snapshot, bodyId, asOf));
    return reachCache.get(bodyId)!;
  };
  const wanted = jurisdictionIds === 'all' ? null : new Set(jurisdictionIds);
  const people: DirectoryPerson[] = [];
  for (const person of snapshot.persons) {
    const posts = tenureHistory(snapshot, person.id).filter((post) => isCurrent(post, asOf));
    const inReach = posts.some((post) => {
      const reach = reaches(post.bodyId);
      return reach.length > 0 && (wanted === null || reach.some((unit) => wanted.has(unit)));
    });
    if (inReach) people.push({ id: person.id, displayName: person.displayName, posts });
  }
  return people.sort((a, b) => a.id.localeCompare(b.id));
}

/** A search matches the display name anywhere, or the id from its start (case-insensitive). */
export function matchesPersonQuery(person: { id: string; displayName: string }, q: string): boolean {
  const needle = q.trim().toLowerCase();
  return (
    needle === '' || person.displayName.toLowerCase().includes(needle) || person.id.toLowerCase().startsWith(needle)
  );
}
