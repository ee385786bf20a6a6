import type { EmailFrequency } from '@yg/db';

/** How a notification goes out by email. */
export type EmailChoice =
  | { kind: 'immediate' }
  | { kind: 'digest'; frequency: 'DAILY' | 'WEEKLY' }
  | { kind: 'skip'; reason: 'opted-out' | 'muted' | 'user-deleted' };

/**
 * The user's preference decides: no preferences row means IMMEDIATE (the platform default),
 * NEVER or a muted type means no email, DAILY and WEEKLY wait for the digest.
 */
export function chooseEmail(
  type: string,
  user: {
    deletedAt: Date | null;
    preference: { emailFrequency: EmailFrequency; mutedTypes: string[] } | null;
  },
): EmailChoice {
  if (user.deletedAt) return { kind: 'skip', reason: 'user-deleted' };
  const preference = user.preference;
  if (!preference) return { kind: 'immediate' };
  if (preference.mutedTypes.includes(type)) return { kind: 'skip', reason: 'muted' };
  switch (preference.emailFrequency) {
    case 'IMMEDIATE':
      return { kind: 'immediate' };
    case 'DAILY':
    case 'WEEKLY':
      return { kind: 'digest', frequency: preference.emailFrequency };
    case 'NEVER':
      return { kind: 'skip', reason: 'opted-out' };
  }
}
