import { z } from 'zod';
import { BODY_KINDS, type OrgSnapshot, POSITION_ROLES, UNIT_KINDS } from './org-snapshot';
import { type OrgProblem, validateOrgSnapshot } from './validate-org-snapshot';

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD date');
const id = z.string().min(1);

const orgSnapshotSchema = z.object({
  asOf: localDate,
  persons: z.array(z.strictObject({ id, displayName: z.string().min(1) })),
  units: z.array(
    z.strictObject({
      id,
      name: z.string().min(1),
      parentId: id.nullable(),
      kind: z.enum(UNIT_KINDS),
      validFrom: localDate,
      validTo: localDate.nullable(),
    }),
  ),
  bodies: z.array(z.strictObject({ id, unitId: id, kind: z.enum(BODY_KINDS), name: z.string().min(1).optional() })),
  positions: z.array(
    z.strictObject({
      id,
      bodyId: id,
      role: z.enum(POSITION_ROLES),
      singleHolder: z.boolean(),
      title: z.string().min(1).optional(),
    }),
  ),
  tenures: z.array(
    z.strictObject({ personId: id, positionId: id, from: localDate, to: localDate.nullable(), acting: z.boolean() }),
  ),
  portfolios: z.array(
    z.strictObject({ personId: id, bodyId: id, domain: z.string().min(1), from: localDate, to: localDate.nullable() }),
  ),
  supervisions: z.array(
    z.strictObject({ disciplineBodyId: id, unitId: id, from: localDate, to: localDate.nullable() }),
  ),
  managedBy: z.array(z.strictObject({ personId: id, bodyId: id, from: localDate, to: localDate.nullable() })),
  meetingDecisions: z.array(
    z.strictObject({
      id,
      bodyId: id,
      date: localDate,
      domain: z.string().min(1),
      attendees: z.array(id),
      dissent: z.array(id),
    }),
  ),
});

function formatPath(path: readonly PropertyKey[]): { path: string; field?: string } {
  const [collection, index, ...rest] = path;
  if (collection === undefined) return { path: '$' };
  if (typeof index !== 'number')
    return { path: String(collection), field: index === undefined ? undefined : String(index) };
  const field = rest
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
  return { path: `${String(collection)}[${index}]`, field: field === '' ? undefined : field };
}

/**
 * Loads an org snapshot from untrusted JSON: first the shape, then {@link validateOrgSnapshot}.
 * Either a snapshot that validates clean, or every problem found.
 */
export function parseOrgSnapshot(json: unknown): { snapshot: OrgSnapshot } | { problems: OrgProblem[] } {
  const parsed = orgSnapshotSchema.safeParse(json);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => ({
        code: 'INVALID_STRUCTURE' as const,
        ...formatPath(issue.path),
        message: issue.message,
      })),
    };
  }
  const snapshot: OrgSnapshot = parsed.data;
  const problems = validateOrgSnapshot(snapshot);
  return problems.length > 0 ? { problems } : { snapshot };
}
