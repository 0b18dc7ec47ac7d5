import { Inject, Injectable } from '@nestjs/common';
import { ProblemCode, type PeopleList, type PeopleQuery, type PersonDetailView } from '@shuangcha/contracts/http';
import { shanghaiLocalDate } from '@shuangcha/domain/calendar';
import { PeopleQueries } from '@shuangcha/persistence';
import type { Principal } from '../auth/principal';
import { ProblemException } from '../problem/problem.exception';
import { withCursor } from '../supervision/supervision.service';

/** The directory as the caller may see it: their own jurisdictions' discipline staff; an admin sees all. */
@Injectable()
export class PeopleService {
  constructor(@Inject(PeopleQueries) private readonly queries: PeopleQueries) {}

  async search(principal: Principal, query: PeopleQuery): Promise<PeopleList> {
    const page = await withCursor(query.cursor, () =>
      this.queries.search({ ...query, jurisdictionIds: scopeOf(principal), asOf: today() }),
    );
    return {
      items: page.items.map((p) => ({ ...p, posts: [...p.posts] })),
      ...(page.nextCursor !== null && { nextCursor: page.nextCursor }),
    };
  }

  async person(principal: Principal, personId: string): Promise<PersonDetailView> {
    const person = await this.queries.person(personId, { jurisdictionIds: scopeOf(principal), asOf: today() });
    if (!person) throw new ProblemException(ProblemCode.PersonNotFound, `no person ${personId} in your directory`);
    return { ...person, posts: [...person.posts], tenures: [...person.tenures] };
  }
}

function scopeOf(principal: Principal): readonly string[] | 'all' {
  return principal.roles.includes('admin') ? 'all' : principal.jurisdictionIds;
}

const today = () => shanghaiLocalDate(Date.now());
