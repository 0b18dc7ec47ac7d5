import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pino from 'pino';
import { loadConfig } from '@shuangcha/config';
import { createGatewayApp } from './main';
import { buildOpenApiDocument } from './openapi/openapi-document';

export const OPENAPI_PATH = resolve(__dirname, '../openapi.json');

/** The committed document is generated in dev auth mode so it lists POST /dev/tokens too. */
export async function generateOpenApi(): Promise<string> {
  const config = loadConfig({
    SHUANGCHA_ENV: 'local',
    AUTH_MODE: 'dev',
    AUTH_DEV_SECRET: 'openapi-generation-only-'.padEnd(32, 'x'),
    LOG_LEVEL: 'silent',
  });
  const app = await createGatewayApp(config, { preview: true });
  try {
    return `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  generateOpenApi()
    .then((text) => writeFileSync(OPENAPI_PATH, text))
    .catch((error: unknown) => {
      pino({ name: 'openapi' }, pino.destination(2)).fatal({ err: error }, 'OpenAPI generation failed');
      process.exitCode = 1;
    });
}
