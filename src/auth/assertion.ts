import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errors, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type CryptoKey, type JWK } from 'jose';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { DEPARTMENTS } from '../catalogue/types';
import type { Config } from '../config';
import { forbidden } from '../errors';
import { ROLES, type Principal } from './principal';

/**
 * Who is asking, as the gateway tells a subgraph: it verified the caller once, and signs this for one fetch.
 * No header or token claim a client controls can stand in for it.
 */
export interface RequestIdentity {
  principal: Principal;
  /** the client's network address, for per-client limits */
  client: string | null;
  requestId: string;
  operation: string | null;
  /** when the gateway received the request: every subgraph records the request's reads at this time */
  startedAt: Date;
  /** the hub's own work (the change feed, an evaluation): set only by the hub's code, never from a token */
  internal: string | null;
  /** the fetch feeds a @requires of the credit office (its judgment, the merged access log) */
  forCreditOffice: boolean;
  /** for a bank's fetch of records it may read only with consent: the merchants of the fetch that consented, as the credit office said */
  consented?: readonly string[] | null;
}

export const ASSERTION_HEADER = 'x-credit-hub-assertion';
/** the audience of an assertion a hub service sends the gateway itself (the credit office's internal work) */
export const GATEWAY_AUDIENCE = 'gateway';
const ISSUER = 'credit-hub-gateway';
const ALGORITHM = 'EdDSA';
/** long enough for a fetch to arrive on a busy network, short enough that a captured one soon means nothing */
const LIFETIME_S = 30;
/** the clock skew tolerated between the gateway's machine and a subgraph's */
const CLOCK_TOLERANCE_S = 5;

const principalClaims = z.object({
  sub: z.string().max(200).nullable(),
  roles: z.array(z.enum(ROLES)).max(ROLES.length),
  department: z.enum(DEPARTMENTS).nullable(),
  org: z.string().max(200).nullable(),
  uscc: z.string().max(18).nullable(),
  purpose: z.string().max(500).nullable(),
});
const claims = z.object({
  who: principalClaims,
  client: z.string().max(100).nullable(),
  rid: z.string().min(1).max(100),
  op: z.string().max(200).nullable(),
  at: z.number().int(),
  internal: z.string().max(100).nullable(),
  co: z.boolean(),
  consented: z.array(z.string().max(18)).max(100_000).nullable().optional(),
  bh: z.string(),
  jti: z.string().min(1).max(100),
});

/** The request body's fingerprint: an assertion holds only for the exact body it was signed with. */
export const bodyHash = (body: string | Uint8Array) => createHash('sha256').update(body).digest('base64url');

/** The gateway's key pair: it signs with the private key; subgraphs hold only the public one. */
export interface GatewayKeys {
  signing: CryptoKey | null;
  verifying: CryptoKey;
  kid: string;
}

/** Signs the assertion for one fetch to one service, bound to the body it travels with. */
export async function signAssertion(keys: GatewayKeys, audience: string, who: RequestIdentity, body: string): Promise<string> {
  if (!keys.signing) throw new Error("this process holds only the gateway's public key: set GATEWAY_KEY_FILE to sign");
  const p = who.principal;
  return new SignJWT({
    who: { sub: p.subject, roles: [...p.roles], department: p.department, org: p.org, uscc: p.uscc, purpose: p.purpose },
    client: who.client,
    rid: who.requestId,
    op: who.operation,
    at: who.startedAt.getTime(),
    internal: who.internal,
    co: who.forCreditOffice,
    consented: who.consented ?? null,
    bh: bodyHash(body),
  })
    .setProtectedHeader({ alg: ALGORITHM, kid: keys.kid })
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(`${LIFETIME_S}s`)
    .setJti(randomUUID())
    .sign(keys.signing);
}

/** An assertion whose signature, audience and age are verified; its body and single use are checked once the body is read. */
export interface VerifiedAssertion {
  forBody(body: Uint8Array): RequestIdentity;
}

export type AssertionVerifier = (assertion: string | undefined) => Promise<VerifiedAssertion>;

/**
 * Verifies assertions meant for one service: signed by the gateway, for this audience, fresh; then for this body and
 * used once. The signature is checked from the headers alone, before a body is read.
 */
export function assertionVerifier(keys: GatewayKeys, audience: string): AssertionVerifier {
  // kept until the assertion could no longer verify anyway; a replica of the same subgraph keeps its own (see the README)
  const seen = new LRUCache<string, true>({ max: 500_000, ttlAutopurge: true });
  return async (assertion) => {
    if (!assertion) throw forbidden('this service answers only its gateway: the request carries no gateway assertion');
    let payload: unknown;
    try {
      // maxTokenAge also refuses an iat in the future: no assertion outlives LIFETIME_S, whatever its exp says
      ({ payload } = await jwtVerify(assertion, keys.verifying, {
        issuer: ISSUER,
        audience,
        algorithms: [ALGORITHM],
        requiredClaims: ['exp', 'iat', 'jti'],
        clockTolerance: CLOCK_TOLERANCE_S,
        maxTokenAge: LIFETIME_S,
      }));
    } catch (e) {
      throw forbidden(
        `gateway assertion refused: ${e instanceof errors.JWTExpired ? 'it has expired' : e instanceof errors.JWTClaimValidationFailed ? `claim "${e.claim}" is not accepted` : 'it does not verify'}`,
      );
    }
    const parsed = claims.safeParse(payload);
    if (!parsed.success) throw forbidden('gateway assertion refused: its claims are malformed');
    const c = parsed.data;
    const validUntil = ((payload as { iat: number }).iat + LIFETIME_S + CLOCK_TOLERANCE_S) * 1000;
    return {
      forBody(body) {
        if (c.bh !== bodyHash(body)) throw forbidden('gateway assertion refused: it was signed for another request');
        if (seen.has(c.jti)) throw forbidden('gateway assertion refused: it was already used');
        seen.set(c.jti, true, { ttl: Math.max(1, validUntil - Date.now()) });
        return {
          principal: { subject: c.who.sub, roles: c.who.roles, department: c.who.department, org: c.who.org, uscc: c.who.uscc, purpose: c.who.purpose },
          client: c.client,
          requestId: c.rid,
          operation: c.op,
          startedAt: new Date(c.at),
          internal: c.internal,
          forCreditOffice: c.co,
          consented: c.consented ?? null,
        };
      },
    };
  };
}

const devKeyFile = (dataDir: string) => join(dataDir, 'dev-keys', 'gateway-key.json');

/** A new Ed25519 key pair as JWKs: the private one for the gateway (and the credit office), the public one for departments. */
export async function newGatewayKeyPair(): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey } = await generateKeyPair(ALGORITHM, { crv: 'Ed25519', extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: ALGORITHM, use: 'sig' };
  const { d: _private, ...publicJwk } = privateJwk;
  return { privateJwk, publicJwk };
}

/** In development, a key pair the first process makes under the data directory and every other process of the machine reads. */
async function devKeyPair(dataDir: string): Promise<JWK> {
  const file = devKeyFile(dataDir);
  const existing = await readFile(file, 'utf8').catch((e) => (e.code === 'ENOENT' ? null : Promise.reject(e)));
  if (existing) return JSON.parse(existing) as JWK;
  await mkdir(join(dataDir, 'dev-keys'), { recursive: true });
  const { privateJwk } = await newGatewayKeyPair();
  await writeFile(file, JSON.stringify(privateJwk), { mode: 0o600, flag: 'wx' }).catch((e) => (e.code === 'EEXIST' ? undefined : Promise.reject(e)));
  return JSON.parse(await readFile(file, 'utf8')) as JWK;
}

/**
 * The gateway's keys as this process holds them: the private key where it signs (the gateway, the credit office),
 * the public key alone where it only verifies (a department's subgraph). Development makes its own pair.
 */
export async function loadGatewayKeys(config: Config, needsSigning: boolean): Promise<GatewayKeys> {
  const file = config.GATEWAY_KEY_FILE ?? config.GATEWAY_PUBLIC_KEY_FILE;
  let jwk: JWK;
  if (file) jwk = JSON.parse(await readFile(file, 'utf8')) as JWK;
  else if (config.NODE_ENV !== 'production') jwk = await devKeyPair(config.DATA_DIR);
  else
    throw new Error(
      `in production, set ${needsSigning ? "GATEWAY_KEY_FILE to the gateway's private key" : "GATEWAY_PUBLIC_KEY_FILE to the gateway's public key"} (npm run gateway-keys makes a pair)`,
    );
  if (needsSigning && !jwk.d) throw new Error(`${file} holds no private key: this process signs, so it needs GATEWAY_KEY_FILE`);
  const { d, ...publicJwk } = jwk;
  return {
    // a process that only verifies never signs, even when it was handed the private key
    signing: needsSigning && d ? ((await importJWK(jwk, ALGORITHM)) as CryptoKey) : null,
    verifying: (await importJWK(publicJwk, ALGORITHM)) as CryptoKey,
    kid: jwk.kid ?? 'gateway',
  };
}
