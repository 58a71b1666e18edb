import { createHmac } from 'node:crypto';

/** Longest identifier taken (an email address may be 320 characters). */
export const MAX_IDENTIFIER_LENGTH = 320;

/**
 * A contact's identifier (email or recipient id) as the index keeps it: a digest keyed with the server's secret and
 * the tenant, so neither Redis nor an audit entry holds the identifier itself. Emails compare without case.
 */
export function contactDigest(secret: string, tenant: string, identifier: string): string | null {
  const trimmed = identifier.trim();
  if (!trimmed) return null;
  const normal = trimmed.includes('@') ? trimmed.toLowerCase() : trimmed;
  return createHmac('sha256', secret).update(`reelpipe contact\0${tenant}\0${normal}`).digest('base64url').slice(0, 32);
}

/** The identifiers a render made through the API names in its metadata: what erasure finds it by. */
export function metadataContacts(metadata: Record<string, unknown> | undefined): string[] {
  return ['recipientId', 'email']
    .map((field) => metadata?.[field])
    .filter((value): value is string => typeof value === 'string' && value.trim() !== '');
}
