import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';

export const TEST_ISSUER = 'https://idp.test.credit-hub';
export const TEST_AUDIENCE = 'credit-hub';

/** A real identity provider for tests: an RSA key pair, its public JWKS in a file, tokens signed with it. */
export interface TestIssuer {
  jwksFile: string;
  sign(claims: JWTPayload, options?: { expiresIn?: string | number; issuer?: string; audience?: string; kid?: string }): Promise<string>;
  privateKey: CryptoKey;
}

export async function createTestIssuer(): Promise<TestIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = 'test-key-1';
  const jwksFile = join(await mkdtemp(join(tmpdir(), 'credit-hub-jwks-')), 'jwks.json');
  await writeFile(jwksFile, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] }));
  return {
    jwksFile,
    privateKey,
    sign: (claims, o = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: o.kid ?? kid })
        .setIssuer(o.issuer ?? TEST_ISSUER)
        .setAudience(o.audience ?? TEST_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(o.expiresIn ?? '10m')
        .sign(privateKey),
  };
}
