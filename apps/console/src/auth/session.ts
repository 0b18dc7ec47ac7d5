import { useSyncExternalStore } from 'react';

/** Who is signed in on this tab. Kept in sessionStorage: closing the tab signs out. */
export interface Session {
  token: string;
  expiresAt: string;
  personId: string;
  displayName: string;
  post: string;
}

const KEY = 'shuangcha.session';
const listeners = new Set<() => void>();
let cached: Session | null | undefined;

function read(): Session | null {
  if (cached !== undefined) return cached;
  const raw = sessionStorage.getItem(KEY);
  const parsed = raw ? (JSON.parse(raw) as Session) : null;
  cached = parsed && Date.parse(parsed.expiresAt) > Date.now() ? parsed : null;
  return cached;
}

function publish(session: Session | null): void {
  cached = session;
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
  for (const listener of listeners) listener();
}

export const signIn = (session: Session) => publish(session);
export const signOut = () => publish(null);

/** A 401 from the gateway: the token expired or was revoked; the sign-in page says so. */
export function signOutExpired(): void {
  if (read() === null) return;
  sessionStorage.setItem(`${KEY}.expired`, '1');
  publish(null);
}

export function takeExpiredFlag(): boolean {
  const expired = sessionStorage.getItem(`${KEY}.expired`) === '1';
  sessionStorage.removeItem(`${KEY}.expired`);
  return expired;
}

export const currentToken = () => read()?.token ?? null;

export function useSession(): Session | null {
  return useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, read);
}
