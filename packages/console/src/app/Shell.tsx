import {
  AppShell,
  Burger,
  Button,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Select,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { Suspense } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { api } from '../api/client';
import { isOperator, useMe } from '../api/queries';
import { storeCsrfToken } from '../api/session';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { MfaNotice } from '../components/MfaNotice';
import { rememberOrg, useCurrentOrg } from './org';

interface Item {
  to: string;
  label: string;
}

/** The frame of every signed-in page: header with the organization switcher and the user menu, navigation. */
export function Shell() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const org = useCurrentOrg();
  const roles = org?.orgRoles ?? [];
  const owner = roles.includes('org_owner');
  const manager = owner || roles.includes('org_admin');

  const account: Item[] = [
    { to: '/account/api-tokens', label: 'API Tokens' },
    { to: '/account/roles', label: 'My Roles' },
    { to: '/account/consents', label: 'Authorized OAuth apps' },
    { to: '/account/delegated-access', label: 'Delegated access' },
    { to: '/account/password', label: 'Password' },
  ];
  const orgItems: Item[] = org
    ? [
        { to: `/orgs/${org.id}/members`, label: 'Members' },
        ...(owner ? [{ to: `/orgs/${org.id}/api-tokens`, label: 'API token policy' }] : []),
        { to: `/orgs/${org.id}/apps`, label: 'OAuth Apps' },
        { to: `/orgs/${org.id}/app-grants`, label: 'Apps added to this organization' },
        ...(manager ? [{ to: `/orgs/${org.id}/audit`, label: 'Audit log' }] : []),
      ]
    : [];
  const platform: Item[] = isOperator(me)
    ? [
        { to: '/platform/services', label: 'Services' },
        { to: '/platform/users', label: 'Users' },
        { to: '/platform/signing-keys', label: 'Signing keys' },
        { to: '/platform/audit', label: 'Audit log (all)' },
      ]
    : [];

  const switchOrg = (orgId: string | null) => {
    if (!orgId) return;
    rememberOrg(orgId);
    const match = /^\/orgs\/[^/]+\/([^/]+)/.exec(location.pathname);
    if (match) void navigate(`/orgs/${orgId}/${match[1]}`);
    else void navigate(location.pathname + location.search, { replace: true });
  };

  const signOut = async () => {
    await api.DELETE('/api/v1/session');
    storeCsrfToken(null);
    queryClient.clear();
    void navigate('/sign-in', { replace: true });
  };

  const section = (title: string, items: Item[]) =>
    items.length > 0 && (
      <nav aria-label={title}>
        <Text size="xs" fw={700} c="dimmed" tt="uppercase" mt="md" mb={4} px="sm">
          {title}
        </Text>
        {items.map((item) => (
          <NavLink
            key={item.to}
            component={Link}
            to={item.to}
            label={item.label}
            active={location.pathname === item.to || location.pathname.startsWith(`${item.to}/`)}
            aria-current={location.pathname === item.to ? 'page' : undefined}
            onClick={close}
          />
        ))}
      </nav>
    );

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <UnstyledButton component={Link} to="/account/api-tokens" fw={700} fz="lg">
              Keyward
            </UnstyledButton>
          </Group>
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            {me && me.memberships.length > 0 && (
              <Select
                aria-label="Organization"
                data={me.memberships.map((o) => ({ value: o.id, label: o.displayName }))}
                value={org?.id ?? null}
                onChange={switchOrg}
                allowDeselect={false}
                w={{ base: 150, sm: 240 }}
                size="sm"
              />
            )}
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button variant="subtle" size="sm" title={me?.user.email} px={6}>
                  <Text size="sm" truncate maw={{ base: 90, sm: 220 }}>
                    {me?.user.name || me?.user.email}
                  </Text>
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{me?.user.email}</Menu.Label>
                <Menu.Item component={Link} to="/account/api-tokens">
                  My Account
                </Menu.Item>
                <Menu.Item onClick={signOut}>Sign out</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <AppShell.Section grow component={ScrollArea}>
          {section('My Account', account)}
          {org && section(`Organization: ${org.displayName}`, orgItems)}
          {section('Platform', platform)}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <MfaNotice me={me} />
        <ErrorBoundary key={location.pathname}>
          <Suspense>
            <Outlet />
          </Suspense>
        </ErrorBoundary>
      </AppShell.Main>
    </AppShell>
  );
}
