import type { NextFunction, Request, Response } from 'express';

const ALLOWED_HEADERS = 'Authorization, Content-Type, X-Namespace';

/**
 * CORS for the codec endpoint only: the Temporal Web UI runs on its own origin and calls it from the
 * browser with the user's bearer token, or with credentials (the codec session cookie), hence
 * Allow-Credentials. One origin (TEMPORAL_UI_URL's), never `*`; other routes get no CORS headers at all.
 * A preflight from another origin gets none either, so the browser refuses.
 */
export function codecCors(uiOrigin: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const fromUi = req.headers.origin === uiOrigin;
    res.vary('Origin');
    if (fromUi) {
      res.setHeader('Access-Control-Allow-Origin', uiOrigin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    if (req.method !== 'OPTIONS') return next();
    if (fromUi) {
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      res.setHeader('Access-Control-Max-Age', '600');
    }
    res.status(204).end();
  };
}
