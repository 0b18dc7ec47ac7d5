// Internal to the contracts: shared by their schemas, not exported from the package index.
import { z } from 'zod';

/** Ids stay opaque (STYLE §3): a person id such as `p-0001`, never a name. */
export const personId = z.string().regex(/^[a-z]-[0-9a-z-]{2,40}$/, 'must be an opaque person id such as p-0001');

/** An org-model id (body, unit, jurisdiction). */
export const orgId = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'must be an opaque id');

/** A calendar day, `YYYY-MM-DD`, read in Asia/Shanghai. */
export const localDate = z.iso.date();
