import type { JWTPayload } from './jose';
import { PRINCIPAL_ROLES, ProblemCode, type PrincipalRole } from '@shuangcha/contracts/http';
import { ProblemException } from '../problem/problem.exception';
import type { Principal } from './principal';

export const DIRECTORY = Symbol('DIRECTORY');

/**
 * Turns a verified token into the principal the policy reasons about. Roles and jurisdictions belong to
 * the org model (issue 7: "roles from the org model"); the token only proves who the caller is.
 */
export interface Directory {
  principalFor(claims: JWTPayload): Promise<Principal>;
}

const PERSON_ID = /^[a-z]-[0-9a-z-]{2,40}$/;

/**
 * Reads roles and jurisdictions from the token's `roles` / `jurisdictions` claims: for tests, and the dev
 * issuer while the org model is empty. `OrgDirectory` (org-directory.ts) uses it to check the subject.
 */
export class ClaimsDirectory implements Directory {
  principalFor(claims: JWTPayload): Promise<Principal> {
    const personId = claims.sub;
    if (!personId || !PERSON_ID.test(personId)) {
      return Promise.reject(new ProblemException(ProblemCode.Unauthenticated, 'the token subject is not a person id'));
    }
    const roles = stringList(claims.roles).filter((r): r is PrincipalRole =>
      (PRINCIPAL_ROLES as readonly string[]).includes(r),
    );
    return Promise.resolve({ personId, roles, jurisdictionIds: stringList(claims.jurisdictions) });
  }
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
