/**
 * SQL condition on a `cases` row: the person bound at `param` is neither a target of the case (subject,
 * trace-back candidate) nor recused from it (DOMAIN §5, §8). Every list, count and export of cases applies
 * it for the caller, whatever role they hold; jurisdiction and participation narrow further.
 */
export function caseNotHiddenFrom(alias: string, param: string): string {
  return `NOT (${alias}.target_ids @> ARRAY[${param}]::text[] OR ${alias}.recused_ids @> ARRAY[${param}]::text[])`;
}
