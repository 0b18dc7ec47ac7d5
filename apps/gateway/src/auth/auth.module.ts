import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@shuangcha/config';
import { OrgRepository } from '@shuangcha/persistence';
import { AuthGuard } from './auth.guard';
import { ClaimsDirectory, DIRECTORY, type Directory } from './directory';
import { OrgDirectory } from './org-directory';
import { createTokenVerifier, TOKEN_VERIFIER } from './token-verifier';

const ORG_CACHE_TTL_MS = 60_000;

/** DIRECTORY=org reads roles from the org model; token claims stand in only for the dev issuer on an empty model. */
function directoryFor(config: AppConfig, org: OrgRepository): Directory {
  const claims = new ClaimsDirectory();
  if (config.DIRECTORY === 'claims') return claims;
  return new OrgDirectory(org, claims, {
    adminPersonIds: config.ADMIN_PERSON_IDS,
    fallback: config.AUTH_MODE === 'dev' ? claims : null,
    ttlMs: ORG_CACHE_TTL_MS,
  });
}

@Global()
@Module({
  providers: [
    { provide: TOKEN_VERIFIER, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createTokenVerifier(config) },
    { provide: DIRECTORY, inject: [APP_CONFIG, OrgRepository], useFactory: directoryFor },
    AuthGuard,
  ],
  exports: [TOKEN_VERIFIER, DIRECTORY, AuthGuard],
})
export class AuthModule {}
