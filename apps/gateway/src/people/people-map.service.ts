import { Inject, Injectable } from '@nestjs/common';
import type { PeopleMap } from '@shuangcha/contracts/http';
import { shanghaiLocalDate } from '@shuangcha/domain/calendar';
import { PeopleQueries } from '@shuangcha/persistence';

/** Keys whose values may be person ids: `assigneeId`, `actorId`, `decidedBy`, `voterIds`, `responsiblePersonId`… */
const ID_KEY = /(Id|Ids|By)$/;
const PERSON_ID = /^[a-z]-[0-9a-z-]{2,40}$/;

/**
 * Every string under an id-like key anywhere in the value that looks like a person id. Task, unit and case
 * ids look alike; the org model tells them apart when they are resolved.
 */
export function personIdsIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) personIdsIn(item, found);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const ids = typeof child === 'string' ? [child] : Array.isArray(child) ? child : [];
      if (ID_KEY.test(key)) for (const id of ids) if (typeof id === 'string' && PERSON_ID.test(id)) found.add(id);
      if (typeof child === 'object') personIdsIn(child, found);
    }
  }
  return found;
}

/**
 * The one place responses get names (issue 10 §1): callers pass a response only a viewer with full
 * access to the case sees. Ids inside Temporal (workflow ids, memos, search attributes) never get here.
 */
@Injectable()
export class PeopleMapService {
  constructor(@Inject(PeopleQueries) private readonly queries: PeopleQueries) {}

  async withPeople<T extends object>(response: T): Promise<T & { people: PeopleMap }> {
    const people = await this.queries.namesOf([...personIdsIn(response)].sort(), shanghaiLocalDate(Date.now()));
    return { ...response, people };
  }
}
