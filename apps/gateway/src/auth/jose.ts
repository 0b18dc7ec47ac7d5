/**
 * jose 6 is ESM only and this package compiles to CommonJS (tsconfig `module: node16`), so it is loaded
 * with a dynamic import once and shared.
 */
export type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });
export type { JWTPayload } from 'jose' with { 'resolution-mode': 'import' };

let loading: Promise<Jose> | undefined;
export function jose(): Promise<Jose> {
  loading ??= import('jose');
  return loading;
}
