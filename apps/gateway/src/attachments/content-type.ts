import { filetypeinfo } from 'magic-bytes.js';

/** How many leading bytes the sniffer looks at (enough for the first entries of a ZIP-based office file). */
export const SNIFF_BYTES = 4100;

/**
 * Types a case file may hold, as sniffed from the bytes (the client's Content-Type is never trusted):
 * scans and photos, PDF and OFD (the national e-document format), Word/Excel/PowerPoint old and new, ODF,
 * recordings of talks, and plain UTF-8 text. Executables, scripts, generic archives and anything unknown
 * are refused: an archive could carry anything past the check.
 */
export const ALLOWED_CONTENT_TYPES = [
  'application/pdf',
  'application/ofd',
  'image/png',
  'image/jpeg',
  'image/tiff',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/x-ole-storage',
  'audio/mpeg',
  'audio/wav',
  'video/mp4',
  'text/plain; charset=utf-8',
] as const;
export type AllowedContentType = (typeof ALLOWED_CONTENT_TYPES)[number];

/** magic-bytes.js type name → the type stored; ZIP and OLE containers are told apart further below. */
const BY_MAGIC: Record<string, AllowedContentType> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  mp4: 'video/mp4',
  // The OLE compound file of .doc/.xls/.ppt: one signature for all three, so one type.
  doc: 'application/x-ole-storage',
};

/**
 * A ZIP's first local file headers name its first entries: an office file announces itself there
 * (`[Content_Types].xml` then `word/…`, ODF's `mimetype` entry, OFD's `OFD.xml`).
 */
function zipContentType(head: Buffer): AllowedContentType | null {
  const text = head.toString('latin1');
  if (text.includes('OFD.xml')) return 'application/ofd';
  if (text.includes('mimetypeapplication/vnd.oasis.opendocument.text'))
    return 'application/vnd.oasis.opendocument.text';
  if (text.includes('mimetypeapplication/vnd.oasis.opendocument.spreadsheet')) {
    return 'application/vnd.oasis.opendocument.spreadsheet';
  }
  if (!text.includes('[Content_Types].xml')) return null;
  if (text.includes('word/')) return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  if (text.includes('xl/')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  if (text.includes('ppt/')) return 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
  return null;
}

/** UTF-8 without control characters other than tab and line breaks (a multi-byte character may be cut at the end). */
function isPlainText(head: Buffer): boolean {
  if (head.length === 0) return false;
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(head.toString('latin1'))) return false;
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(head);
  const replaced = decoded.indexOf('\ufffd');
  return replaced === -1 || replaced >= decoded.length - 1;
}

/** The allowed type the first bytes show, or null: the caller refuses the upload. */
export function sniffContentType(head: Buffer): AllowedContentType | null {
  const guesses = filetypeinfo(head).map((g) => g.typename);
  if (guesses.includes('zip')) return zipContentType(head);
  for (const name of guesses) {
    const type = BY_MAGIC[name];
    if (type) return type;
  }
  if (guesses.length > 0) return null;
  return isPlainText(head) ? 'text/plain; charset=utf-8' : null;
}
