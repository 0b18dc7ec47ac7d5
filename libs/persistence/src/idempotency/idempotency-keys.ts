import type { DataSource } from 'typeorm';

/** One caller's key for one request: the row's identity and the hash its retries must match. */
export interface IdempotencyKeyRef {
  principalId: string;
  key: string;
  bodyHash: string;
}

export interface StoredIdempotencyKey {
  route: string;
  body_hash: string;
  response: unknown;
  completed_at: Date | null;
}

/**
 * The `idempotency_keys` table. A reservation is a row without an answer whose lease (`expires_at`) its
 * holder renews; completing it stores the answer for retries, releasing it lets a retry run again.
 */
export class IdempotencyKeys {
  constructor(private readonly dataSource: DataSource) {}

  /** True when the caller now holds the key; an expired row (answer or lease) is taken over in place. */
  async reserve(ref: IdempotencyKeyRef & { route: string }, leaseSeconds: number): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (principal_id, key, route, body_hash, response, completed_at, expires_at)
       VALUES ($1, $2, $3, $4, NULL, NULL, now() + make_interval(secs => $5))
       ON CONFLICT (principal_id, key) DO UPDATE
         SET route = EXCLUDED.route, body_hash = EXCLUDED.body_hash, response = NULL, completed_at = NULL,
             created_at = now(), expires_at = EXCLUDED.expires_at
         WHERE idempotency_keys.expires_at <= now()
       RETURNING key`,
      [ref.principalId, ref.key, ref.route, ref.bodyHash, leaseSeconds],
    );
    return rows.length === 1;
  }

  async renew(ref: IdempotencyKeyRef, leaseSeconds: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET expires_at = now() + make_interval(secs => $4)
        WHERE principal_id = $1 AND key = $2 AND body_hash = $3 AND completed_at IS NULL`,
      [ref.principalId, ref.key, ref.bodyHash, leaseSeconds],
    );
  }

  async release(ref: IdempotencyKeyRef): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE principal_id = $1 AND key = $2 AND body_hash = $3 AND completed_at IS NULL`,
      [ref.principalId, ref.key, ref.bodyHash],
    );
  }

  /** Stores the answer retries get, kept for `ttlHours`. */
  async complete(ref: IdempotencyKeyRef, response: unknown, ttlHours: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys
          SET response = $4::jsonb, completed_at = now(), expires_at = now() + make_interval(hours => $5)
        WHERE principal_id = $1 AND key = $2 AND body_hash = $3 AND completed_at IS NULL`,
      [ref.principalId, ref.key, ref.bodyHash, JSON.stringify(response), ttlHours],
    );
  }

  async stored(principalId: string, key: string): Promise<StoredIdempotencyKey | undefined> {
    const rows: StoredIdempotencyKey[] = await this.dataSource.query(
      `SELECT route, body_hash, response, completed_at FROM idempotency_keys WHERE principal_id = $1 AND key = $2`,
      [principalId, key],
    );
    return rows[0];
  }
}
