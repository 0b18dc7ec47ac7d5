import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@shuangcha/config';
import { AuthGuard } from './auth.guard';
import { ClaimsDirectory, DIRECTORY } from './directory';
import { createTokenVerifier, TOKEN_VERIFIER } from './token-verifier';

@Global()
@Module({
  providers: [
    { provide: TOKEN_VERIFIER, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createTokenVerifier(config) },
    // Swap for the org-model directory once OrgRepository exists (see ClaimsDirectory).
    { provide: DIRECTORY, useClass: ClaimsDirectory },
    AuthGuard,
  ],
  exports: [TOKEN_VERIFIER, DIRECTORY, AuthGuard],
})
export class AuthModule {}
