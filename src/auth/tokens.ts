import { readFile } from 'node:fs/promises';
import { LRUCache } from 'lru-cache';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { checkTokenConfig, type Config } from '../config';
import { DEPARTMENTS } from '../catalogue/types';
import { tokenRefused, unavailable } from '../errors';
import { isUscc } from '../uscc';
import { PUBLIC, ROLES, type Principal } from './principal';
import { DEV_ISSUER, devPublicJwks } from './dev-keys';

/** The claims the hub accepts (the token tool checks what it mints with the verifier itself: `tokenRefusal`). */
export const TOKEN_CLAIMS = z
  .object({
    sub: z.string().min(1).max(200),
    roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
    department: z.enum(DEPARTMENTS).optional(),
    org: z.string().min(1).max(200).optional(),
    uscc: z.string().refine(isUscc, 'not a valid credit code').optional(),
    purpose: z.string().max(500).optional(),
  })
  .superRefine((c, ctx) => {
    const departmental = c.roles.includes('department_officer') || c.roles.includes('department_analyst');
    if (departmental && !c.department) ctx.addIssue({ code: 'custom', message: 'department roles need a department claim' });
    if (c.roles.includes('merchant') && !c.uscc) ctx.addIssue({ code: 'custom', message: 'the merchant role needs a uscc claim' });
    if (c.roles.includes('bank_officer') && !c.org) ctx.addIssue({ code: 'custom', message: 'the bank_officer role needs an org claim' });
  });

export type TokenVerifier = (authorization: string | undefined) => Promise<Principal>;

/** How long a verified token is taken on trust again without checking its signature (never past its expiry). */
const TRUSTED_MS = 60_000;

/** Verifies bearer JWTs against the configured keys; no token is the public, a bad token is refused. */
export async function createTokenVerifier(config: Config): Promise<TokenVerifier> {
  checkTokenConfig(config);
  const keys = await keySet(config);
  const issuer = config.devAuth ? [DEV_ISSUER, ...config.AUTH_ISSUERS] : config.AUTH_ISSUERS;
  // a client sends the same token request after request; its signature costs more than a small query
  const trusted = new LRUCache<string, Principal>({ max: 10_000 });
  return async (authorization) => {
    if (authorization === undefined || authorization.trim() === '') return PUBLIC;
    const match = /^Bearer\s+([A-Za-z0-9_\-.=]+)$/i.exec(authorization.trim());
    if (!match) throw tokenRefused('the Authorization header must be "Bearer <token>"');
    const known = trusted.get(match[1]!);
    if (known) return known;
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(match[1]!, keys, {
        issuer,
        audience: config.AUTH_AUDIENCE,
        algorithms: config.AUTH_ALGORITHMS,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: config.AUTH_CLOCK_TOLERANCE_S,
      }));
    } catch (e) {
      if (config.AUTH_JWKS_URL && keysUnreachable(e))
        throw unavailable("the identity provider's keys cannot be fetched right now, so no token can be checked; try again shortly", { http: { status: 503 } });
      throw tokenRefused(`token refused: ${describe(e)}`);
    }
    const parsed = TOKEN_CLAIMS.safeParse(payload);
    if (!parsed.success) throw tokenRefused(`token refused: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    const c = parsed.data;
    const principal: Principal = {
      subject: c.sub,
      roles: c.roles,
      department: c.department ?? null,
      org: c.org ?? null,
      uscc: c.uscc ? c.uscc.trim().toUpperCase() : null,
      purpose: c.purpose ?? null,
    };
    const remaining = Math.floor((payload.exp as number) * 1000 - Date.now());
    if (remaining > 0) trusted.set(match[1]!, principal, { ttl: Math.min(TRUSTED_MS, remaining) });
    return principal;
  };
}

/**
 * Why the hub would refuse this token, or null when it would accept it: the verifier's own checks (signature and
 * key, issuer, audience, algorithm, lifetime, the claims each role needs), for the token tool to mint nothing the hub refuses.
 */
export async function tokenRefusal(config: Config, token: string): Promise<string | null> {
  const verify = await createTokenVerifier(config);
  return verify(`Bearer ${token}`).then(
    () => null,
    (e: Error) => e.message.replace(/^token refused: /, ''),
  );
}

async function keySet(config: Config): Promise<JWTVerifyGetKey> {
  if (config.AUTH_JWKS_URL) return createRemoteJWKSet(new URL(config.AUTH_JWKS_URL), { cooldownDuration: 30_000, cacheMaxAge: 600_000 });
  if (config.AUTH_JWKS_FILE) return createLocalJWKSet(JSON.parse(await readFile(config.AUTH_JWKS_FILE, 'utf8')));
  return createLocalJWKSet(await devPublicJwks(config.DATA_DIR));
}

/** The remote key set could not be fetched (no answer, a timeout, not 200 OK): nothing is known about the token yet. */
// by name and code: fetch's errors come from Node's own realm, where instanceof may not hold (as under Jest)
const keysUnreachable = (e: unknown) => {
  const { name, code } = (e ?? {}) as { name?: string; code?: string };
  return code === 'ERR_JWKS_TIMEOUT' || code === 'ERR_JOSE_GENERIC' || (name === 'TypeError' && code === undefined);
};

function describe(e: unknown): string {
  if (e instanceof errors.JWTExpired) return 'it has expired';
  if (e instanceof errors.JWTClaimValidationFailed) return `claim "${e.claim}" ${e.reason === 'missing' ? 'is missing' : 'is not accepted'}`;
  if (e instanceof errors.JOSEAlgNotAllowed) return 'its signing algorithm is not allowed';
  if (e instanceof errors.JWKSNoMatchingKey) return 'no known key matches its key id';
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'its signature does not verify';
  if (e instanceof errors.JWTInvalid || e instanceof errors.JWSInvalid) return 'it is not a well-formed signed JWT';
  return 'it could not be verified';
}
