import type { AppConfig } from '@shuangcha/config';
import { ProblemCode } from '@shuangcha/contracts/http';
import { ProblemException } from '../problem/problem.exception';
import { DEV_AUDIENCE, DEV_ISSUER, devSecretKey } from './dev-token-issuer';
import { jose, type Jose, type JWTPayload } from './jose';

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

export interface TokenVerifier {
  /** The token's claims, or a 401 ProblemException for a missing, expired, forged or wrongly signed token. */
  verify(token: string): Promise<JWTPayload>;
}

// Asymmetric algorithms only from an OIDC issuer: accepting HS* there would let the public key sign tokens.
const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];

function unauthenticated(errors: Jose['errors'], error: unknown): ProblemException {
  const detail =
    error instanceof errors.JWTExpired
      ? 'the token has expired'
      : error instanceof errors.JWTClaimValidationFailed
        ? `the token's ${error.claim} claim is not accepted`
        : 'the token is not valid';
  return new ProblemException(ProblemCode.Unauthenticated, detail);
}

export function createTokenVerifier(config: AppConfig): TokenVerifier {
  let verifyToken: ((token: string) => Promise<JWTPayload>) | undefined;
  const setUp = async (): Promise<(token: string) => Promise<JWTPayload>> => {
    const { createRemoteJWKSet, errors, jwtVerify } = await jose();
    const rejectAs401 = (e: unknown) => Promise.reject(unauthenticated(errors, e));
    if (config.AUTH_MODE === 'dev') {
      const key = devSecretKey(config.AUTH_DEV_SECRET ?? '');
      return (token) =>
        jwtVerify(token, key, { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, algorithms: ['HS256'] }).then(
          (r) => r.payload,
          rejectAs401,
        );
    }
    // Fetched on first use and cached by jose, refreshed when a token names an unknown key id.
    const jwks = createRemoteJWKSet(new URL(config.AUTH_OIDC_JWKS_URL ?? ''));
    return (token) =>
      jwtVerify(token, jwks, {
        issuer: config.AUTH_OIDC_ISSUER,
        audience: config.AUTH_OIDC_AUDIENCE,
        algorithms: OIDC_ALGORITHMS,
      }).then((r) => r.payload, rejectAs401);
  };
  return {
    async verify(token) {
      verifyToken ??= await setUp();
      return verifyToken(token);
    },
  };
}
