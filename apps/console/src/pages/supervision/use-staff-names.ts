import { useEffect, useState } from 'react';
import { api, call, type Schemas } from '../../api/client';

/**
 * Names and posts of the staff of my jurisdictions (GET /people), for the assignees in the supervision
 * lists: those lists are metadata and carry no `people` map, and the local stack's directory is empty in
 * production. Until it answers (or if it cannot), the dev directory or the id stands in.
 */
export function useStaffNames(): Schemas['PeopleMap'] | undefined {
  const [people, setPeople] = useState<Schemas['PeopleMap'] | undefined>();
  useEffect(() => {
    let live = true;
    call(api.GET('/people', { params: { query: { limit: 200 } } })).then(
      (list) => {
        if (!live) return;
        const posts = (p: Schemas['PersonSummary']) =>
          p.posts
            .map((x) => x.title ?? x.bodyName)
            .filter(Boolean)
            .join('、') || null;
        setPeople(Object.fromEntries(list.items.map((p) => [p.id, { displayName: p.displayName, post: posts(p) }])));
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return people;
}
