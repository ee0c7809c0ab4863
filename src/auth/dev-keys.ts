import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JSONWebKeySet, type JWK } from 'jose';
import type { Role } from './principal';

/** Development tokens are signed by a key the hub makes on first start; never used in production. */
export const DEV_ISSUER = 'credit-hub-dev';

const keyFile = (dataDir: string) => join(dataDir, 'dev-keys', 'signing-key.json');

async function devKey(dataDir: string): Promise<JWK> {
  try {
    return JSON.parse(await readFile(keyFile(dataDir), 'utf8')) as JWK;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'ES256', use: 'sig' };
  await mkdir(join(dataDir, 'dev-keys'), { recursive: true });
  await writeFile(keyFile(dataDir), JSON.stringify(jwk), { mode: 0o600, flag: 'wx' }).catch(async (e) => {
    if (e.code !== 'EEXIST') throw e;
  });
  return JSON.parse(await readFile(keyFile(dataDir), 'utf8')) as JWK;
}

export async function devPublicJwks(dataDir: string): Promise<JSONWebKeySet> {
  const { d: _private, ...publicJwk } = await devKey(dataDir);
  return { keys: [publicJwk] };
}

export interface DevTokenClaims {
  roles: Role[];
  sub?: string;
  department?: string;
  org?: string;
  uscc?: string;
  purpose?: string;
  audience: string;
  ttlSeconds?: number;
}

export async function mintDevToken(dataDir: string, c: DevTokenClaims): Promise<string> {
  const jwk = await devKey(dataDir);
  const key = await importJWK(jwk, 'ES256');
  const { audience, ttlSeconds = 8 * 3600, sub, ...rest } = c;
  const payload = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid!, typ: 'JWT' })
    .setIssuer(DEV_ISSUER)
    .setAudience(audience)
    .setSubject(sub ?? `dev-${c.roles.join('+')}`)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key);
}
