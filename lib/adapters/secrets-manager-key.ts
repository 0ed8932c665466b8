import { getSecret } from '@aws-lambda-powertools/parameters/secrets';

/** A secret string from Secrets Manager, kept for the life of the container (a rotated key reaches new containers). */
export async function readSecretOnce(secretName: string): Promise<string> {
  const value = await getSecret(secretName, { maxAge: Number.MAX_SAFE_INTEGER });
  if (typeof value !== 'string' || !value.trim()) throw new Error(`Secret ${secretName} holds no API key`);
  return value.trim();
}
