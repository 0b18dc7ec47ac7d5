/** What the gateway tells the page before sign-in (apps/gateway/src/console/console-site.ts). */
export interface DevSignInPerson {
  id: string;
  displayName: string;
  posts: { title: string; body: string }[];
}

export interface ConsoleConfig {
  authMode: 'dev' | 'oidc';
  oidc: { issuer: string; clientId: string; scope: string } | null;
  temporalUiUrl: string;
  devPeople: DevSignInPerson[];
  devUnits: { id: string; name: string }[];
  devNames: Record<string, string>;
}

export async function loadConsoleConfig(): Promise<ConsoleConfig> {
  const response = await fetch(`${import.meta.env.BASE_URL}config.json`, { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  return (await response.json()) as ConsoleConfig;
}
