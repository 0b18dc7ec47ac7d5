import JSZip from 'jszip';
import { sniffContentType } from './content-type';

const zipOf = async (entries: Record<string, string>) => {
  const zip = new JSZip();
  for (const [name, body] of Object.entries(entries)) zip.file(name, body);
  return zip.generateAsync({ type: 'nodebuffer' });
};

describe('sniffContentType', () => {
  it('knows a PDF, a PNG and a JPEG by their first bytes', () => {
    expect(sniffContentType(Buffer.from('%PDF-1.7\n%âãÏÓ\n'))).toBe('application/pdf');
    expect(sniffContentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]))).toBe(
      'image/png',
    );
    expect(sniffContentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0]))).toBe(
      'image/jpeg',
    );
  });

  it('tells a Word file and an OFD file from a bare ZIP, which it refuses', async () => {
    const docx = await zipOf({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' });
    expect(sniffContentType(docx)).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(sniffContentType(await zipOf({ 'OFD.xml': '<ofd:OFD/>' }))).toBe('application/ofd');
    expect(sniffContentType(await zipOf({ 'payload.exe': 'MZ' }))).toBeNull();
  });

  it('takes UTF-8 text, Chinese included, as plain text', () => {
    expect(sniffContentType(Buffer.from('谈话笔录\n时间：2026年3月1日\n'))).toBe('text/plain; charset=utf-8');
  });

  it('refuses executables, binary noise and an empty file, whatever the client claims', () => {
    expect(sniffContentType(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]))).toBeNull();
    expect(sniffContentType(Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'))).toBeNull();
    expect(sniffContentType(Buffer.from([0x00, 0x01, 0x02, 0xfe]))).toBeNull();
    expect(sniffContentType(Buffer.alloc(0))).toBeNull();
  });
});
