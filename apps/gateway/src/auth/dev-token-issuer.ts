import type { DevToken, DevTokenBody } from '@shuangcha/contracts/http';
import { jose } from './jose';

export const DEV_ISSUER = 'shuangcha-dev';
export const DEV_AUDIENCE = 'shuangcha';
const DEV_TOKEN_TTL_S = 3600;

export function devSecretKey(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** A local-stack token (AUTH_MODE=dev only) carrying the claims the claims-based directory reads. */
export async function issueDevToken(secret: string, body: DevTokenBody, now = new Date()): Promise<DevToken> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = issuedAt + DEV_TOKEN_TTL_S;
  const { SignJWT } = await jose();
  const token = await new SignJWT({ roles: body.roles, jurisdictions: body.jurisdictionIds })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(body.personId)
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(devSecretKey(secret));
  return { token, tokenType: 'Bearer', expiresAt: new Date(expiresAt * 1000).toISOString() };
}
