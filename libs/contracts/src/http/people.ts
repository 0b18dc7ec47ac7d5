import { z } from 'zod';

const opaqueId = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'must be an opaque id');

export const personIdSchema = z
  .string()
  .regex(/^[a-z]-[0-9a-z-]{2,40}$/, 'must be a person id such as p-0001')
  .meta({ example: 'p-0032' });

export const peopleQuerySchema = z
  .object({
    /** Part of the display name, or the start of the id. */
    q: z.string().trim().min(1).max(40).optional(),
    unitId: opaqueId.optional(),
    bodyId: opaqueId.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export type PeopleQuery = z.infer<typeof peopleQuerySchema>;

export const postSchema = z
  .object({
    positionId: z.string(),
    /** The post as people read it, e.g. 县纪委副书记. */
    title: z.string().nullable(),
    role: z.string(),
    bodyId: z.string(),
    bodyName: z.string().nullable(),
    unitId: z.string(),
    unitName: z.string().nullable(),
    from: z.string(),
    to: z.string().nullable(),
    acting: z.boolean(),
  })
  .meta({ id: 'Post' });
export type Post = z.infer<typeof postSchema>;

export const personSummarySchema = z
  .object({ id: z.string(), displayName: z.string(), posts: z.array(postSchema) })
  .meta({ id: 'PersonSummary' });
export type PersonSummary = z.infer<typeof personSummarySchema>;

export const peopleListSchema = z.object({
  items: z.array(personSummarySchema),
  /** Absent on the last page. */
  nextCursor: z.string().optional(),
});
export type PeopleList = z.infer<typeof peopleListSchema>;

export const personDetailSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  /** Posts held today. */
  posts: z.array(postSchema),
  /** Every post ever held, newest first (lifetime accountability looks at who held a post when). */
  tenures: z.array(postSchema),
});
export type PersonDetailView = z.infer<typeof personDetailSchema>;

/**
 * Names for the person ids a response carries (`{id: {displayName, post}}`), for a viewer with full access
 * to the case only. The post is one the person holds today, null when they hold none.
 */
export const peopleMapSchema = z
  .record(z.string(), z.object({ displayName: z.string(), post: z.string().nullable() }))
  .meta({ id: 'PeopleMap' });
export type PeopleMap = z.infer<typeof peopleMapSchema>;

/**
 * `GET /org/units`: the units the caller may open cases about, as a tree by `parentId`, each with the people
 * holding posts in it today (the subjects the opening form offers). Only the caller's jurisdictions.
 */
export const jurisdictionUnitsSchema = z
  .object({
    on: z.string(),
    units: z.array(
      z
        .object({
          id: z.string(),
          name: z.string(),
          /** Null at the top of the caller's tree. */
          parentId: z.string().nullable(),
          kind: z.string(),
          /** The `jurisdictionId` a case about this unit is opened in. */
          jurisdictionId: z.string(),
          members: z.array(z.object({ id: z.string(), displayName: z.string(), post: z.string() }).strict()),
        })
        .strict()
        .meta({ id: 'JurisdictionUnit' }),
    ),
  })
  .strict();
export type JurisdictionUnitsView = z.infer<typeof jurisdictionUnitsSchema>;
