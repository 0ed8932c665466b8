import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';

/**
 * Local sign-in. Tokens are shaped like Cognito user-pool ID tokens and checked by
 * aws-jwt-verify's CognitoJwtVerifier (the verifier for real Cognito tokens),
 * against a local JWKS instead of the pool's published one.
 */
export const LOCAL_USER_POOL_ID = 'eu-west-2_LocalPool';
export const LOCAL_CLIENT_ID = 'local-staff-console';
const ISSUER = `https://cognito-idp.eu-west-2.amazonaws.com/${LOCAL_USER_POOL_ID}`;
const KID = 'local-signing-key';

interface KeyFile {
  privateJwk: JWK;
  publicJwk: JWK;
}

async function loadOrCreateKeys(file: string): Promise<KeyFile> {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const keys: KeyFile = {
    privateJwk: { ...(await exportJWK(privateKey)), kid: KID, alg: 'RS256' },
    publicJwk: { ...(await exportJWK(publicKey)), kid: KID, alg: 'RS256', use: 'sig' },
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

export interface LocalIdentity {
  sub: string;
  name: string;
  email: string;
  groups: string[];
}

export async function createLocalAuth(keyFile: string) {
  const keys = await loadOrCreateKeys(keyFile);
  const privateKey = await importJWK(keys.privateJwk, 'RS256');
  const verifier = CognitoJwtVerifier.create({ userPoolId: LOCAL_USER_POOL_ID, tokenUse: 'id', clientId: LOCAL_CLIENT_ID });
  verifier.cacheJwks({ keys: [keys.publicJwk as never] });

  return {
    /** Signs an ID token valid for 12 hours. */
    async issue(identity: LocalIdentity): Promise<string> {
      return new SignJWT({
        name: identity.name,
        email: identity.email,
        'cognito:groups': identity.groups,
        token_use: 'id',
        auth_time: Math.floor(Date.now() / 1000),
      })
        .setProtectedHeader({ alg: 'RS256', kid: KID })
        .setSubject(identity.sub)
        .setIssuer(ISSUER)
        .setAudience(LOCAL_CLIENT_ID)
        .setIssuedAt()
        .setExpirationTime('12h')
        .sign(privateKey);
    },
    /** Verifies a bearer token; undefined when missing or invalid (401). */
    async verify(authorization: string | undefined): Promise<Record<string, unknown> | undefined> {
      const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
      if (!m) return undefined;
      try {
        return (await verifier.verify(m[1] as string)) as unknown as Record<string, unknown>;
      } catch {
        return undefined;
      }
    },
  };
}
