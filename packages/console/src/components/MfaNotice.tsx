import { Alert, Button } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import type { Me } from '../api/types';

export const SECURITY_PAGE = '/account/security';

/**
 * Asks a member to add a second factor when one of their organizations requires it and they have none: until
 * then the API refuses them new API tokens and apps there. Shown on every page but the one where they add it.
 */
export function MfaNotice({ me }: { me: Me | undefined }) {
  const location = useLocation();
  if (!me || me.secondFactor.enrolled || me.secondFactor.requiredBy.length === 0) return null;
  if (location.pathname === SECURITY_PAGE) return null;
  const names = me.memberships
    .filter((org) => me.secondFactor.requiredBy.includes(org.id))
    .map((org) => org.displayName);
  return (
    <Alert color="yellow" title="Set up two-step verification" mb="md">
      {names.join(', ')} {names.length === 1 ? 'requires' : 'require'} a second factor: an authenticator app
      or a passkey. Until you add one you cannot generate API tokens or create apps there.
      <Button component={Link} to={SECURITY_PAGE} size="xs" mt="sm" display="block" w="fit-content">
        Set up two-step verification
      </Button>
    </Alert>
  );
}
