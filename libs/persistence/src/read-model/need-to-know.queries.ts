import type { DataSource } from 'typeorm';

export class NeedToKnowQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** True when the person is a target of, or recused from, any case at all (DOMAIN §5, §8). */
  async hiddenFromAnyCase(personId: string): Promise<boolean> {
    const [row]: { hidden: boolean }[] = await this.dataSource.query(
      `SELECT EXISTS (
         SELECT 1 FROM cases WHERE target_ids @> ARRAY[$1]::text[] OR recused_ids @> ARRAY[$1]::text[]
       ) AS hidden`,
      [personId],
    );
    return row?.hidden ?? false;
  }
}
