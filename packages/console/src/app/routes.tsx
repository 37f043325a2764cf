import { Center, Loader } from '@mantine/core';
import { createBrowserRouter, Navigate } from 'react-router';
import { RouteError } from '../components/ErrorBoundary';
import ApiTokensPage from '../pages/api-tokens/ApiTokensPage';
import { RequireSession } from './RequireSession';
import { Shell } from './Shell';

function PageLoader() {
  return (
    <Center h="100vh">
      <Loader role="status" aria-label="Loading the console" />
    </Center>
  );
}

/** Each page is its own chunk, loaded when first visited; the first load carries only the shell. */
const page = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({
  Component: (await load()).default,
});

export const router = createBrowserRouter(
  [
    {
      path: '/sign-in',
      errorElement: <RouteError />,
      hydrateFallbackElement: <PageLoader />,
      lazy: page(() => import('../pages/sign-in/SignInPage')),
    },
    {
      element: (
        <RequireSession>
          <Shell />
        </RequireSession>
      ),
      errorElement: <RouteError />,
      hydrateFallbackElement: <PageLoader />,
      children: [
        { index: true, element: <Navigate to="/account/api-tokens" replace /> },
        {
          errorElement: <RouteError />,
          children: [
            // The landing page is in the first load itself: no second round trip before it shows.
            { path: 'account/api-tokens', Component: ApiTokensPage },
            {
              path: 'account/api-tokens/new',
              lazy: page(() => import('../pages/api-tokens/GenerateTokenPage')),
            },
            { path: 'account/roles', lazy: page(() => import('../pages/api-tokens/MyRolesPage')) },
            { path: 'account/consents', lazy: page(() => import('../pages/apps/ConsentsPage')) },
            {
              path: 'account/delegated-access',
              lazy: page(() => import('../pages/delegations/DelegatedAccessPage')),
            },
            { path: 'account/password', lazy: page(() => import('../pages/sign-in/PasswordPage')) },
            { path: 'account/security', lazy: page(() => import('../pages/security/SecurityPage')) },
            { path: 'account/sessions', lazy: page(() => import('../pages/account/SessionsPage')) },
            { path: 'account/profile', lazy: page(() => import('../pages/account/ProfilePage')) },
            { path: 'orgs/:orgId/members', lazy: page(() => import('../pages/members/MembersPage')) },
            { path: 'orgs/:orgId/api-tokens', lazy: page(() => import('../pages/members/OrgTokensPage')) },
            { path: 'orgs/:orgId/apps', lazy: page(() => import('../pages/apps/AppsPage')) },
            { path: 'orgs/:orgId/apps/new', lazy: page(() => import('../pages/apps/CreateAppPage')) },
            { path: 'orgs/:orgId/apps/:appId', lazy: page(() => import('../pages/apps/AppPage')) },
            { path: 'orgs/:orgId/app-grants', lazy: page(() => import('../pages/apps/AppGrantsPage')) },
            { path: 'orgs/:orgId/audit', lazy: page(() => import('../pages/audit/OrgAuditPage')) },
            { path: 'platform/services', lazy: page(() => import('../pages/platform/ServicesPage')) },
            {
              path: 'platform/services/new',
              lazy: page(() => import('../pages/platform/CreateServicePage')),
            },
            {
              path: 'platform/services/:serviceId/edit',
              lazy: page(() => import('../pages/platform/CreateServicePage')),
            },
            { path: 'platform/users', lazy: page(() => import('../pages/platform/UsersPage')) },
            {
              path: 'platform/signing-keys',
              lazy: page(() => import('../pages/platform/SigningKeysPage')),
            },
            { path: 'platform/audit', lazy: page(() => import('../pages/audit/PlatformAuditPage')) },
            { path: '*', lazy: page(() => import('../pages/NotFoundPage')) },
          ],
        },
      ],
    },
  ],
  { basename: '/console' },
);
