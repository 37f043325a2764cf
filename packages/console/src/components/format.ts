const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' });

/** "21 Nov 2026, 09:00", or what to say when there is no date. */
export function when(iso: string | null | undefined, none = '—'): string {
  return iso ? dateTime.format(new Date(iso)) : none;
}

export function day(iso: string | null | undefined, none = '—'): string {
  return iso ? dateOnly.format(new Date(iso)) : none;
}

/** "90 days", "12 hours", "30 minutes" for a number of seconds. */
export function duration(seconds: number): string {
  const units: [number, string][] = [
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} seconds`;
}

/** Org roles as people read them. */
export const ORG_ROLE_LABELS: Record<string, string> = {
  org_owner: 'Organization Owner',
  org_admin: 'Organization Administrator',
  org_member: 'Organization Member',
  developer: 'Developer',
};
export const ORG_ROLES = ['org_owner', 'org_admin', 'org_member', 'developer'] as const;

export function orgRoleLabel(role: string): string {
  return ORG_ROLE_LABELS[role] ?? role;
}
