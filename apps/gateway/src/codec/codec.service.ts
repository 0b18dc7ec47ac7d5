import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Payload } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { EncryptionCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA, PayloadDecryptionError } from '@shuangcha/config';
import { ProblemCode, type CodecPayload, type CodecPayloads } from '@shuangcha/contracts/http';
import { appendAuditEntry, NeedToKnowQueries } from '@shuangcha/persistence';
import type { Principal } from '../auth/principal';
import { ProblemException } from '../problem/problem.exception';

/** Audit chain of decodes: the Web UI names no workflow, so they belong to no case's chain. */
export const CODEC_AUDIT_CHAIN = 'payload-codec';

const NAMESPACE = /^[A-Za-z0-9._-]{1,255}$/;

export interface CodecRequestContext {
  principal: Principal;
  namespace: string | undefined;
  traceId: string;
}

/**
 * Temporal's remote codec for the Web UI (issue 16 §9): the browser sends the encrypted payloads of a
 * history it shows and gets them back decoded. A decode is a read of restricted case text (DOMAIN §8), so
 * each one is audited with who asked, from which namespace, and under which keys.
 */
@Injectable()
export class CodecService {
  private readonly logger = new Logger(CodecService.name);

  constructor(
    @Inject(EncryptionCodec) private readonly codec: EncryptionCodec,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(NeedToKnowQueries) private readonly needToKnow: NeedToKnowQueries,
  ) {}

  async decode(body: CodecPayloads, ctx: CodecRequestContext): Promise<CodecPayloads> {
    await this.refuseHiddenCaseMembers(ctx.principal);
    const payloads = body.payloads.map(fromJson);
    let decoded: Payload[];
    try {
      decoded = await this.codec.decode(payloads);
    } catch (error) {
      if (error instanceof PayloadDecryptionError)
        throw new ProblemException(ProblemCode.PayloadUndecodable, error.message);
      throw error;
    }
    const keyIds = [...new Set(payloads.filter(isEncrypted).map((p) => utf8(p.metadata?.[KEY_ID_METADATA])))];
    const namespace = ctx.namespace && NAMESPACE.test(ctx.namespace) ? ctx.namespace : null;
    const record = {
      namespace,
      payloads: payloads.length,
      encrypted: payloads.filter(isEncrypted).length,
      keyIds,
      traceId: ctx.traceId,
    };
    await appendAuditEntry(this.dataSource.manager, {
      eventKey: `codec:${ctx.traceId}:${randomUUID()}`,
      caseId: CODEC_AUDIT_CHAIN,
      actorId: ctx.principal.personId,
      action: 'PAYLOADS_DECODED',
      at: new Date().toISOString(),
      after: record,
    });
    this.logger.log({ personId: ctx.principal.personId, ...record }, 'payloads decoded for the Temporal Web UI');
    return { payloads: decoded.map(toJson) };
  }

  /**
   * The Web UI names no workflow, so the endpoint cannot tell whose case a payload belongs to: a person some
   * case is about, or recused from, may not use the codec at all (DOMAIN §5, §8), rather than read their own
   * case.
   */
  private async refuseHiddenCaseMembers(principal: Principal): Promise<void> {
    if (await this.needToKnow.hiddenFromAnyCase(principal.personId)) {
      throw new ProblemException(
        ProblemCode.Forbidden,
        'a person a case is about, or recused from, may not use the payload codec',
      );
    }
  }

  /**
   * The caller's bearer token (the guard verified it) and when it expires: the cookie holds nothing the
   * caller did not already hold, and dies with the token. Refused to the same people as decode.
   */
  async openSession(principal: Principal, authorization: string): Promise<{ token: string; expiresAt?: Date }> {
    await this.refuseHiddenCaseMembers(principal);
    const token = authorization.replace(/^Bearer /, '');
    const exp = expiryOf(token);
    return { token, ...(exp !== undefined && { expiresAt: new Date(exp * 1000) }) };
  }

  async encode(body: CodecPayloads, principal: Principal): Promise<CodecPayloads> {
    // The same people as decode: one rule for the endpoint is easier to reason about than two.
    await this.refuseHiddenCaseMembers(principal);
    return { payloads: (await this.codec.encode(body.payloads.map(fromJson))).map(toJson) };
  }
}

function expiryOf(jwt: string): number | undefined {
  try {
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp : undefined;
  } catch {
    return undefined;
  }
}

function isEncrypted(payload: Payload): boolean {
  return utf8(payload.metadata?.encoding) === ENCRYPTED_ENCODING;
}

function utf8(bytes: Uint8Array | null | undefined): string {
  return bytes ? Buffer.from(bytes).toString('utf8') : '';
}

function fromJson(payload: CodecPayload): Payload {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, new Uint8Array(Buffer.from(value, 'base64'))]),
    ),
    data: new Uint8Array(Buffer.from(payload.data ?? '', 'base64')),
  };
}

function toJson(payload: Payload): CodecPayload {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value ?? []).toString('base64')]),
    ),
    data: Buffer.from(payload.data ?? []).toString('base64'),
  };
}
