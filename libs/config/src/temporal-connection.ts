import { readFileSync } from 'node:fs';
import type { AppConfig } from './app-config';

/**
 * Where and how the gateway's client and the worker's native connection reach Temporal: TLS and API-key
 * options for an external cluster, none for the local dev server.
 */
export function temporalConnectionOptions(config: AppConfig) {
  const tls =
    config.TEMPORAL_TLS === 'on'
      ? {
          serverRootCACertificate: config.TEMPORAL_TLS_CA_PATH ? readFileSync(config.TEMPORAL_TLS_CA_PATH) : undefined,
          clientCertPair:
            config.TEMPORAL_TLS_CERT_PATH && config.TEMPORAL_TLS_KEY_PATH
              ? { crt: readFileSync(config.TEMPORAL_TLS_CERT_PATH), key: readFileSync(config.TEMPORAL_TLS_KEY_PATH) }
              : undefined,
        }
      : undefined;
  return { address: config.TEMPORAL_ADDRESS, tls, apiKey: config.TEMPORAL_API_KEY };
}
