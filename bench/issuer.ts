import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

export const BENCH_ISSUER = 'bench';

/** A key pair of the benchmark's own: its public JWKS in a file for the hub, tokens signed with it. */
export async function benchIssuer() {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwksFile = join(await mkdtemp(join(tmpdir(), 'bench-')), 'jwks.json');
  await writeFile(jwksFile, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'bench', alg: 'ES256' }] }));
  const token = (claims: Record<string, unknown>, expiresIn = '2h') =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'bench' })
      .setIssuer(BENCH_ISSUER)
      .setAudience('credit-hub')
      .setSubject('bench')
      .setExpirationTime(expiresIn)
      .sign(privateKey);
  return { jwksFile, token };
}
