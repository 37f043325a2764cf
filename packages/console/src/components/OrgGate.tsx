import { Alert, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { useMe } from '../api/queries';
import type { Org } from '../api/types';
import { useCurrentOrg } from '../app/org';

/** An organization page: the organization of the URL, when the user belongs to it. */
export function OrgGate({ children }: { children: (org: Org) => ReactNode }) {
  const org = useCurrentOrg();
  const me = useMe();
  if (me.isPending) return <Loader role="status" aria-label="Loading the organization" />;
  if (!org) {
    return (
      <Alert color="red" title="Organization not found" role="alert">
        You are not a member of this organization, or it does not exist. Choose one of yours in the header.
      </Alert>
    );
  }
  return children(org);
}
