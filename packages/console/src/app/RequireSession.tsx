import { Center } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError, onSignedOut } from '../api/client';
import { useMe } from '../api/queries';
import { storeCsrfToken, storedCsrfToken } from '../api/session';
import { ApiErrorAlert } from '../components/ApiErrorAlert';

const PASSWORD_PAGE = '/account/password';

/** The sign-in page, remembering the page asked for. */
export function signInPath(location: { pathname: string; search: string }): string {
  return `/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`;
}

/** Pages behind a session: without one (or when the API says it ended) the sign-in page, then back here. */
export function RequireSession({ children }: { children: ReactNode }) {
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const hasToken = storedCsrfToken() !== null;
  // Without a CSRF token the console cannot act for the user: no need to ask the API who they are.
  const me = useMe({ enabled: hasToken });

  useEffect(
    () =>
      onSignedOut(() => {
        if (window.location.pathname.startsWith('/console/sign-in')) return;
        storeCsrfToken(null);
        queryClient.clear();
        void navigate(
          signInPath(window.location.pathname.startsWith('/console') ? stripBase(window.location) : location),
          {
            replace: true,
          },
        );
      }),
    [navigate, queryClient, location],
  );

  if (!hasToken || (me.error instanceof ApiError && me.error.status === 401)) {
    return <Navigate to={signInPath(location)} replace />;
  }
  // While GET /me is on its way the page renders already, so its own requests start in parallel; pages that
  // need the user's organizations wait for it themselves.
  // A password generated at the first run is replaced before anything else (the API refuses the rest).
  if (me.data?.passwordChangeRequired && location.pathname !== PASSWORD_PAGE) {
    return <Navigate to={PASSWORD_PAGE} replace />;
  }
  if (me.error) {
    return (
      <Center h="100vh" p="md">
        <ApiErrorAlert error={me.error} title="Your account could not be loaded" />
      </Center>
    );
  }
  return children;
}

function stripBase(location: Location): { pathname: string; search: string } {
  return { pathname: location.pathname.replace(/^\/console/, '') || '/', search: location.search };
}
