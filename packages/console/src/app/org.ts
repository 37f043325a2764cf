import { useParams } from 'react-router';
import { useMe } from '../api/queries';
import type { Org } from '../api/types';

const KEY = 'keyward.console.org';

export function rememberOrg(orgId: string): void {
  try {
    window.localStorage.setItem(KEY, orgId);
  } catch {
    // not remembered: the first organization is the default
  }
}

/**
 * The organization the console is working in: the one in the URL on organization pages, else the last one
 * chosen in the header, else the user's first. Only organizations the user belongs to (GET /me) qualify.
 */
export function useCurrentOrg(): Org | undefined {
  const { orgId } = useParams();
  const { data: me } = useMe();
  const orgs = me?.memberships ?? [];
  let remembered: string | null = null;
  try {
    remembered = window.localStorage.getItem(KEY);
  } catch {
    remembered = null;
  }
  return (
    orgs.find((org) => org.id === orgId) ??
    (orgId ? undefined : (orgs.find((org) => org.id === remembered) ?? orgs[0]))
  );
}
