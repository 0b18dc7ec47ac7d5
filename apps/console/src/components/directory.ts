import { useMemo } from 'react';
import type { Schemas } from '../api/client';
import { useConsoleConfig } from './config-context';

export interface Directory {
  personName: (id: string | null | undefined) => string;
  personPost: (id: string) => string;
  unitName: (id: string) => string;
}

/**
 * Names for the ids the API returns. A response's own `people` map comes first: it is there in production.
 * The local stack's config.json fills in what a response does not carry (units, people of responses without
 * a map); it is empty outside AUTH_MODE=dev. An unknown id is shown as it is.
 */
export function useDirectory(people?: Schemas['PeopleMap']): Directory {
  const config = useConsoleConfig();
  return useMemo(() => {
    const devPeople = new Map(config.devPeople.map((p) => [p.id, p]));
    const units = new Map(config.devUnits.map((u) => [u.id, u.name]));
    return {
      personName: (id) => (id ? (people?.[id]?.displayName ?? config.devNames[id] ?? id) : ''),
      personPost: (id) =>
        people?.[id]?.post ??
        devPeople
          .get(id)
          ?.posts.map((p) => p.title)
          .join('、') ??
        '',
      unitName: (id) => units.get(id) ?? id,
    };
  }, [config, people]);
}
