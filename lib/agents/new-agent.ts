import { computeCapability, EMPTY_INPUTS } from './capability-score.ts';

/**
 * What a new agent starts with, whoever makes them (the roster sync, the admin page): a handle from
 * their email, a colour for their initials, and the capability of someone with no history yet.
 */
export const AVATAR_COLORS = ['#4f46e5', '#0891b2', '#059669', '#d97706', '#dc2626', '#7c3aed', '#db2777', '#2563eb', '#65a30d', '#0d9488'];

/** A handle from the email's local part, made unique against the taken ones (and added to them). */
export const handleFor = (email: string, suffix: string, taken: Set<string>): string => {
  const base = email.split('@')[0]!.toLowerCase().replace(/[^a-z0-9._-]/g, '') || 'agent';
  let handle = taken.has(base) ? `${base}-${suffix.toLowerCase().replace(/[^a-z0-9]/g, '')}` : base;
  for (let i = 2; taken.has(handle); i++) handle = `${base}-${i}`;
  taken.add(handle);
  return handle;
};

export const startingCapability = (): number => computeCapability(EMPTY_INPUTS).score;
