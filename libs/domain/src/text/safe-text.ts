/**
 * Text a person typed must survive every store it passes through. PostgreSQL refuses NUL in `text` and
 * `jsonb` and rewrites an unpaired UTF-16 surrogate; other control characters are invisible in every view
 * and in exports. Tab and newline are the only ones a comment legitimately carries.
 */
const UNSAFE =
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const UNSAFE_TEXT_MESSAGE =
  'must not contain NUL, unpaired surrogates or control characters other than tab and newline (不得包含控制字符)';

/** Why the text cannot be stored, or null when it can. */
export function unsafeTextProblem(value: string): string | null {
  const match = UNSAFE.exec(value);
  if (!match) return null;
  const code = match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return `${UNSAFE_TEXT_MESSAGE}: U+${code} at position ${match.index}`;
}

/** The first string anywhere in `value` (objects and arrays included) that cannot be stored, with its path. */
export function firstUnsafeText(value: unknown, path = ''): { path: string; problem: string } | null {
  if (typeof value === 'string') {
    const problem = unsafeTextProblem(value);
    return problem ? { path: path || '(value)', problem } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstUnsafeText(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const found =
        firstUnsafeText(key, path ? `${path}.${key}` : key) ?? firstUnsafeText(inner, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}
