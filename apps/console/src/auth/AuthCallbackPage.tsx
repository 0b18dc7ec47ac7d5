import { Alert, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useConsoleConfig } from '../components/config-context';
import { completeOidcSignIn } from './oidc';
import { signIn } from './session';

/** Where the issuer sends the browser back with `code` and `state`. */
export function AuthCallbackPage() {
  const { t } = useTranslation();
  const config = useConsoleConfig();
  const navigate = useNavigate();
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (!config.oidc) return;
    completeOidcSignIn(config.oidc, new URLSearchParams(window.location.search)).then(
      (tokens) => {
        signIn({
          token: tokens.accessToken,
          expiresAt: tokens.expiresAt,
          personId: tokens.personId,
          displayName: tokens.displayName,
          post: '',
        });
        void navigate('/', { replace: true });
      },
      (error: unknown) => setFailure(error instanceof Error ? error.message : String(error)),
    );
  }, [config.oidc, navigate]);

  return (
    <main className="sign-in">
      {failure ? (
        <Alert type="error" showIcon title={t('signIn.callbackFailed', { reason: failure })} />
      ) : (
        <Spin tip={t('signIn.completing')} />
      )}
    </main>
  );
}
