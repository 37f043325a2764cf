import { Tabs, Text } from '@mantine/core';
import { useLocation, useNavigate } from 'react-router';

/** The tabs of the My Account page, as the CSP console has them: API Tokens and My Roles. */
export function AccountTabs() {
  const location = useLocation();
  const navigate = useNavigate();
  const value = location.pathname.startsWith('/account/roles') ? '/account/roles' : '/account/api-tokens';
  return (
    <div>
      <Text size="sm" c="dimmed" fw={600}>
        My Account
      </Text>
      <Tabs value={value} onChange={(tab) => tab && navigate(tab)} activateTabWithKeyboard={false}>
        <Tabs.List>
          <Tabs.Tab value="/account/api-tokens">API Tokens</Tabs.Tab>
          <Tabs.Tab value="/account/roles">My Roles</Tabs.Tab>
        </Tabs.List>
      </Tabs>
    </div>
  );
}
