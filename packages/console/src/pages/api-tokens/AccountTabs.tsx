import { Button, Group, Text } from '@mantine/core';
import { Link, useLocation } from 'react-router';

const TABS = [
  { to: '/account/api-tokens', label: 'API Tokens' },
  { to: '/account/roles', label: 'My Roles' },
  { to: '/account/security', label: 'Security' },
  { to: '/account/sessions', label: 'Sessions' },
  { to: '/account/profile', label: 'Profile' },
];

/** The tabs of the My Account page, as the CSP console has them plus Keyward's own: API Tokens, My Roles, Security, Sessions, Profile (links to each page). */
export function AccountTabs() {
  const { pathname } = useLocation();
  return (
    <nav aria-label="My Account">
      <Text size="sm" c="dimmed" fw={600}>
        My Account
      </Text>
      <Group gap={4} mt={4} style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        {TABS.map((tab) => {
          const current = pathname === tab.to || pathname.startsWith(`${tab.to}/`);
          return (
            <Button
              key={tab.to}
              component={Link}
              to={tab.to}
              variant={current ? 'light' : 'subtle'}
              aria-current={current ? 'page' : undefined}
              radius={0}
              style={current ? { borderBottom: '2px solid var(--mantine-primary-color-filled)' } : undefined}
            >
              {tab.label}
            </Button>
          );
        })}
      </Group>
    </nav>
  );
}
