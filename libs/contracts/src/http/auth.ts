import { z } from 'zod';
import { personId } from '../ids';
import { safeText } from '../safe-text';

export const PRINCIPAL_ROLES = ['staff', 'approver', 'supervisor', 'admin'] as const;
export type PrincipalRole = (typeof PRINCIPAL_ROLES)[number];

/** `POST /dev/tokens` (AUTH_MODE=dev only): a signed token for a person of the sample org. */
export const devTokenBodySchema = z
  .object({
    personId,
    roles: z.array(z.enum(PRINCIPAL_ROLES)).max(4).default(['staff']),
    jurisdictionIds: z.array(safeText(64).min(2)).max(20).default([]),
  })
  .strict()
  .meta({ example: { personId: 'p-0032', roles: ['staff'], jurisdictionIds: ['j-county-x'] } });
export type DevTokenBody = z.infer<typeof devTokenBodySchema>;

export const devTokenSchema = z.object({ token: z.string(), tokenType: z.literal('Bearer'), expiresAt: z.string() });
export type DevToken = z.infer<typeof devTokenSchema>;

/** `GET /me`: who the gateway takes the caller for, and what the console may offer them. */
export const meSchema = z
  .object({
    personId: z.string(),
    roles: z.array(z.enum(PRINCIPAL_ROLES)),
    /** The commissions' jurisdictions the caller answers for. */
    jurisdictionIds: z.array(z.string()),
    /** Whether `POST /cases` is open to the caller in some jurisdiction (立案登记 in the menu). */
    mayOpenCases: z.boolean(),
  })
  .strict();
export type Me = z.infer<typeof meSchema>;
