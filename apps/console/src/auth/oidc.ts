/**
 * OIDC authorization code flow with PKCE (RFC 7636) for a public client: the page never holds a client
 * secret. The access token is what the gateway verifies (AUTH_OIDC_AUDIENCE, AUTH_OIDC_JWKS_URL).
 */
interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

const PENDING = 'shuangcha.oidc.pending';

function base64Url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

async function discover(issuer: string): Promise<Discovery> {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`discovery: HTTP ${response.status}`);
  return (await response.json()) as Discovery;
}

export function redirectUri(): string {
  return `${window.location.origin}${import.meta.env.BASE_URL}auth/callback`;
}

export async function startOidcSignIn(oidc: { issuer: string; clientId: string; scope: string }): Promise<void> {
  const { authorization_endpoint } = await discover(oidc.issuer);
  const verifier = randomString();
  const state = randomString();
  const challenge = base64Url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state }));
  const url = new URL(authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: oidc.clientId,
    redirect_uri: redirectUri(),
    scope: oidc.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  window.location.assign(url.toString());
}

export interface OidcTokens {
  accessToken: string;
  expiresAt: string;
  personId: string;
  displayName: string;
}

function claimsOf(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1] ?? '';
  const binary = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  const json = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  return JSON.parse(json) as Record<string, unknown>;
}

/** The redirect back from the issuer: check `state`, trade the code and the PKCE verifier for tokens. */
export async function completeOidcSignIn(
  oidc: { issuer: string; clientId: string },
  query: URLSearchParams,
): Promise<OidcTokens> {
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as { verifier: string; state: string } | null;
  sessionStorage.removeItem(PENDING);
  const error = query.get('error');
  if (error) throw new Error(query.get('error_description') ?? error);
  const code = query.get('code');
  if (!pending || !code || query.get('state') !== pending.state) throw new Error('state mismatch');
  const { token_endpoint } = await discover(oidc.issuer);
  const response = await fetch(token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      client_id: oidc.clientId,
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) throw new Error(`token endpoint: HTTP ${response.status}`);
  const tokens = (await response.json()) as { access_token: string; id_token?: string; expires_in?: number };
  const claims = claimsOf(tokens.id_token ?? tokens.access_token);
  return {
    accessToken: tokens.access_token,
    expiresAt: new Date(Date.now() + (tokens.expires_in ?? 3600) * 1000).toISOString(),
    personId: String(claims.sub ?? ''),
    displayName: String(claims.name ?? claims.preferred_username ?? claims.sub ?? ''),
  };
}
