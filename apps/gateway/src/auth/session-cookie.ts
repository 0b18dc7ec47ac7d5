import { SetMetadata } from '@nestjs/common';
import type { Request } from 'express';

/** The cookie `POST /codec/session` sets: the caller's own bearer token, for the codec routes only. */
export const CODEC_SESSION_COOKIE = 'shuangcha_codec';
export const CODEC_SESSION_PATH = '/codec';

export const ACCEPTS_SESSION_COOKIE = 'shuangcha:accepts-session-cookie';

/**
 * Lets a route authenticate with the codec session cookie when the request has no Authorization header:
 * the local Temporal Web UI has no sign-in, so its codec fetches carry cookies (credentials: include) and no
 * bearer token. Only the codec routes take it; every other route stays bearer-only, so the cookie cannot be
 * used to act on a case.
 */
export const AcceptsSessionCookie = (): MethodDecorator => SetMetadata(ACCEPTS_SESSION_COOKIE, true);

export function sessionCookieToken(req: Request): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === CODEC_SESSION_COOKIE) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}
