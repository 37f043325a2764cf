import {
  Button,
  Checkbox,
  Group,
  Loader,
  NumberInput,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useOrgPolicy } from '../../api/queries';
import type { Org, Policy } from '../../api/types';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { CheckAccessButton } from '../../components/CheckAccess';
import { ConfirmButton } from '../../components/ConfirmButton';
import { day, duration, when } from '../../components/format';
import { OrgGate } from '../../components/OrgGate';
import { Pager, usePage } from '../../components/Pager';
import { TokenState } from '../api-tokens/ApiTokensPage';

/** Organization → API token policy: the policy and every member's tokens (org owners). */
export default function OrgTokensPage() {
  return <OrgGate>{(org) => <OrgTokens org={org} />}</OrgGate>;
}

function OrgTokens({ org }: { org: Org }) {
  const policy = useOrgPolicy(org.id);
  return (
    <Stack>
      <div>
        <Text size="sm" c="dimmed" fw={600}>
          {org.displayName}
        </Text>
        <Title order={1}>API token policy</Title>
      </div>
      {policy.isPending && <Loader role="status" aria-label="Loading the policy" />}
      <ApiErrorAlert error={policy.error} />
      {policy.data && <PolicyForm org={org} policy={policy.data} />}
      <RequireMfa org={org} />
      <MembersTokens org={org} />
    </Stack>
  );
}

/** The org's "require MFA" setting (owners): members without a second factor cannot mint credentials here. */
function RequireMfa({ org }: { org: Org }) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const change = async (requireMfa: boolean) => {
    setError(null);
    setBusy(true);
    try {
      await unwrap(
        api.PATCH('/api/v1/orgs/{orgId}', { params: { path: { orgId: org.id } }, body: { requireMfa } }),
      );
      await queryClient.invalidateQueries({ queryKey: ['me'] });
      notifications.show({
        color: 'teal',
        message: requireMfa ? 'Members now need a second factor.' : 'A second factor is optional again.',
      });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder p="md">
      <Stack>
        <ApiErrorAlert error={error} title="Setting not saved" />
        <Switch
          label="Require MFA for members"
          description="Members without an authenticator app or passkey cannot generate API tokens or create apps in this organization until they add one."
          checked={org.requireMfa}
          disabled={busy}
          onChange={(event) => void change(event.currentTarget.checked)}
        />
      </Stack>
    </Paper>
  );
}

const UNITS = [
  { value: '60', label: 'Minutes' },
  { value: '3600', label: 'Hours' },
  { value: '86400', label: 'Days' },
];

function split(seconds: number | null): { limited: boolean; amount: number; unit: string } {
  if (seconds === null) return { limited: false, amount: 90, unit: '86400' };
  for (const unit of ['86400', '3600', '60']) {
    if (seconds % Number(unit) === 0) return { limited: true, amount: seconds / Number(unit), unit };
  }
  return { limited: true, amount: Math.round(seconds / 60), unit: '60' };
}

/** A lifetime limit: "No limit", or an amount of minutes, hours or days. */
function LimitField({
  label,
  description,
  value,
  onChange,
}: {
  label: string;
  description: string;
  value: { limited: boolean; amount: number; unit: string };
  onChange: (next: { limited: boolean; amount: number; unit: string }) => void;
}) {
  return (
    <Stack gap={6}>
      <Checkbox
        label={label}
        description={description}
        checked={value.limited}
        onChange={(event) => onChange({ ...value, limited: event.currentTarget.checked })}
      />
      {value.limited && (
        <Group gap="xs" ml={32}>
          <NumberInput
            aria-label={`${label}: amount`}
            min={1}
            allowDecimal={false}
            w={110}
            value={value.amount}
            onChange={(amount) => onChange({ ...value, amount: Number(amount) || 1 })}
          />
          <Select
            aria-label={`${label}: unit`}
            data={UNITS}
            allowDeselect={false}
            w={130}
            value={value.unit}
            onChange={(unit) => onChange({ ...value, unit: unit ?? '86400' })}
          />
        </Group>
      )}
    </Stack>
  );
}

function PolicyForm({ org, policy }: { org: Org; policy: Policy }) {
  const queryClient = useQueryClient();
  const [max, setMax] = useState(split(policy.apiTokenMaxTtl));
  const [idle, setIdle] = useState(split(policy.apiTokenIdleTtl));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setMax(split(policy.apiTokenMaxTtl));
    setIdle(split(policy.apiTokenIdleTtl));
  }, [policy]);
  const seconds = (v: { limited: boolean; amount: number; unit: string }) =>
    v.limited ? v.amount * Number(v.unit) : null;
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await unwrap(
        api.PUT('/api/v1/orgs/{orgId}/policies', {
          params: { path: { orgId: org.id } },
          body: { apiTokenMaxTtl: seconds(max), apiTokenIdleTtl: seconds(idle) },
        }),
      );
      await queryClient.invalidateQueries({ queryKey: ['orgs', org.id, 'policy'] });
      notifications.show({ color: 'teal', message: 'API token policy saved' });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder p="md">
      <form onSubmit={save} noValidate>
        <Stack>
          <Text size="sm">
            Now: new tokens live at most{' '}
            <strong>
              {policy.apiTokenMaxTtl === null ? 'without limit' : duration(policy.apiTokenMaxTtl)}
            </strong>
            ; a token unused for{' '}
            <strong>{policy.apiTokenIdleTtl === null ? 'any time' : duration(policy.apiTokenIdleTtl)}</strong>{' '}
            stops working{policy.updatedAt ? ` (changed ${when(policy.updatedAt)})` : ''}.
          </Text>
          <LimitField
            label="Maximum lifetime of new tokens"
            description="Tokens generated from now on may not live longer; “never expires” is then refused"
            value={max}
            onChange={setMax}
          />
          <LimitField
            label="Idle limit"
            description="Any token of this organization unused this long stops working"
            value={idle}
            onChange={setIdle}
          />
          <ApiErrorAlert error={error} title="Policy not saved" />
          <Button type="submit" loading={busy} w="fit-content">
            Save policy
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}

function MembersTokens({ org }: { org: Org }) {
  const queryClient = useQueryClient();
  const { pageStart, pageLimit } = usePage();
  const tokens = useQuery({
    queryKey: ['orgs', org.id, 'api-tokens', pageStart, pageLimit],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{orgId}/api-tokens', {
          params: { path: { orgId: org.id }, query: { pageStart, pageLimit } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const setActive = async (id: string, active: boolean) => {
    const result = await unwrap(
      api.POST(
        active ? '/api/v1/orgs/{orgId}/api-tokens/activate' : '/api/v1/orgs/{orgId}/api-tokens/deactivate',
        {
          params: { path: { orgId: org.id } },
          body: { ids: [id] },
        },
      ),
    );
    await queryClient.invalidateQueries({ queryKey: ['orgs', org.id, 'api-tokens'] });
    const failure = result.failures[0];
    if (failure) throw new Error(failure.message);
  };
  return (
    <Stack gap="xs">
      <Title order={2} size="h3">
        Members’ API tokens
      </Title>
      <Text size="sm" c="dimmed">
        A deactivated token stops working until it is reactivated; its owner is e-mailed either way.
      </Text>
      {tokens.isPending && <Loader role="status" aria-label="Loading tokens" />}
      <ApiErrorAlert error={tokens.error} />
      {tokens.data && (
        <>
          <div className="kw-table-scroll">
            <Table striped miw={760} aria-label="Members’ API tokens">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Owner</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tokens.data.results.map((token) => (
                  <Table.Tr key={token.id}>
                    <Table.Td fw={500}>{token.name}</Table.Td>
                    <Table.Td>{token.owner?.email}</Table.Td>
                    <Table.Td>{day(token.createdAt)}</Table.Td>
                    <Table.Td>{day(token.expiresAt, 'Never')}</Table.Td>
                    <Table.Td>{when(token.lastUsedAt, 'Never used')}</Table.Td>
                    <Table.Td>
                      <TokenState token={token} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap" justify="flex-end">
                        <CheckAccessButton
                          orgId={org.id}
                          subject={{ type: 'api_token', id: token.id }}
                          name={`the API token “${token.name}” of ${token.owner?.email ?? 'a member'}`}
                        />
                        {token.state === 'active' && (
                          <ConfirmButton
                            aria-label={`Deactivate ${token.name} of ${token.owner?.email ?? ''}`}
                            title={`Deactivate the API token “${token.name}” of ${token.owner?.email ?? 'this member'}?`}
                            message="The token and the access tokens obtained with it stop working at once, until an owner reactivates it. Its owner is e-mailed."
                            confirmLabel="Deactivate token"
                            onConfirm={() => setActive(token.id, false)}
                          >
                            Deactivate
                          </ConfirmButton>
                        )}
                        {token.state === 'deactivated' && (
                          <ConfirmButton
                            color="indigo"
                            aria-label={`Reactivate ${token.name} of ${token.owner?.email ?? ''}`}
                            title={`Reactivate the API token “${token.name}”?`}
                            message="The token works again from now on. Its owner is e-mailed."
                            confirmLabel="Reactivate token"
                            onConfirm={() => setActive(token.id, true)}
                          >
                            Reactivate
                          </ConfirmButton>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
          <Pager total={tokens.data.totalResults} label="tokens" />
        </>
      )}
    </Stack>
  );
}
