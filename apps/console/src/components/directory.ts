import { useMemo } from 'react';
import { useConsoleConfig } from './config-context';

export interface Directory {
  personName: (id: string | null | undefined) => string;
  personPost: (id: string) => string;
  unitName: (id: string) => string;
}

/**
 * Names for the ids the API returns. Today they come from the local stack's config.json; a response's own
 * `people` map takes over where the API provides one (issue 10). An unknown id is shown as it is.
 */
export function useDirectory(): Directory {
  const config = useConsoleConfig();
  return useMemo(() => {
    const people = new Map(config.devPeople.map((p) => [p.id, p]));
    const units = new Map(config.devUnits.map((u) => [u.id, u.name]));
    return {
      personName: (id) => (id ? (config.devNames[id] ?? id) : ''),
      personPost: (id) =>
        people
          .get(id)
          ?.posts.map((p) => p.title)
          .join('、') ?? '',
      unitName: (id) => units.get(id) ?? id,
    };
  }, [config]);
}
