import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The OpenAPI of a route that answers with a case file's zip archive. */
export const ApiZipArchive = (): MethodDecorator =>
  applyDecorators(
    ApiProduces('application/zip'),
    ApiOkResponse({
      description: 'The archive',
      content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
    }),
  );

/**
 * Streams a case file's zip archive as a private download named for the case. A broken stored object (checksum
 * guard) or a lost client ends the response; the archive is then incomplete.
 */
export async function sendZipArchive(
  res: Response,
  caseId: string,
  archive: Readable,
  headers: Readonly<Record<string, string>> = {},
): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', 'application/zip');
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Content-Disposition', `attachment; filename="${caseId}.zip"`);
  res.setHeader('Cache-Control', 'private, no-store');
  await pipeline(archive, res).catch(() => res.destroy());
}
