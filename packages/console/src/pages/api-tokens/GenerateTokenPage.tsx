import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  NumberInput,
  Radio,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { z } from 'zod';
import { api, unwrap } from '../../api/client';
import { useMe, useOrgPolicy, useServices } from '../../api/queries';
import type { GenerateApiToken, GeneratedApiToken } from '../../api/types';
import { useCurrentOrg } from '../../app/org';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { day, duration } from '../../components/format';
import { ShownOnce } from '../../components/ShownOnce';
import { AccountTabs } from './AccountTabs';
import { permissionsOf, ScopePicker, type Scopes } from './ScopePicker';

const UNITS = { minutes: 60, hours: 3600, days: 86400, months: 0 } as const;
type Unit = keyof typeof UNITS;
const DEFAULT_MONTHS = 6;
const MIN_SECONDS = 300;

/** Seconds from now to `months` calendar months from now (the API counts seconds). */
function monthsInSeconds(months: number, now = new Date()): number {
  const later = new Date(now);
  later.setMonth(later.getMonth() + months);
  return Math.round((later.getTime() - now.getTime()) / 1000);
}

function lifetimeSeconds(amount: number, unit: Unit): number {
  return unit === 'months' ? monthsInSeconds(amount) : amount * UNITS[unit];
}

/** The default lifetime: six months, or the org's maximum when its policy allows less. */
function defaultLifetime(maxTtl: number | null): { amount: number; unit: Unit } {
  if (maxTtl === null || maxTtl >= monthsInSeconds(DEFAULT_MONTHS))
    return { amount: DEFAULT_MONTHS, unit: 'months' };
  for (const unit of ['days', 'hours', 'minutes'] as const) {
    if (maxTtl >= UNITS[unit] && maxTtl % UNITS[unit] === 0) return { amount: maxTtl / UNITS[unit], unit };
  }
  return { amount: Math.max(5, Math.floor(maxTtl / 60)), unit: 'minutes' };
}

const schema = z
  .object({
    orgId: z.string().min(1, 'Choose the organization the token is for'),
    name: z.string().trim().min(1, 'Give the token a name').max(64, 'At most 64 characters'),
    never: z.boolean(),
    amount: z.number({ message: 'Enter a number' }).int('Whole numbers only').min(1, 'At least 1'),
    unit: z.enum(['minutes', 'hours', 'days', 'months']),
    remind: z.boolean(),
    remindDays: z.number({ message: 'Enter a number of days' }).int().min(1).max(365),
    openid: z.boolean(),
  })
  .refine((v) => v.never || lifetimeSeconds(v.amount, v.unit) >= MIN_SECONDS, {
    path: ['amount'],
    message: 'A token lives at least 5 minutes',
  })
  .refine((v) => v.never || !v.remind || v.remindDays * 86400 < lifetimeSeconds(v.amount, v.unit), {
    path: ['remindDays'],
    message: 'The reminder must come before the token expires',
  });

/** My Account → API Tokens → Generate a New API Token: the procedure of the CSP console, step by step. */
export default function GenerateTokenPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const services = useServices();
  const current = useCurrentOrg();
  const [error, setError] = useState<unknown>(null);
  const [generated, setGenerated] = useState<GeneratedApiToken | null>(null);
  const [scopes, setScopes] = useState<Scopes>({
    allRoles: false,
    orgRoles: [],
    serviceRoles: [],
    permissions: [],
  });
  const [scopeError, setScopeError] = useState<string | undefined>();

  const form = useForm({
    initialValues: {
      orgId: current?.id ?? '',
      name: '',
      never: false,
      amount: DEFAULT_MONTHS,
      unit: 'months' as Unit,
      remind: false,
      remindDays: 7,
      openid: false,
    },
    validate: zod4Resolver(schema),
  });
  // The organization defaults to the current one, known once GET /me has answered.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the current organization becomes known
  useEffect(() => {
    if (!form.values.orgId && current) {
      form.setFieldValue('orgId', current.id);
      form.resetDirty({ ...form.values, orgId: current.id });
    }
  }, [current?.id]);
  const orgId = form.values.orgId;
  const policy = useOrgPolicy(orgId || undefined);
  const maxTtl = policy.data?.apiTokenMaxTtl ?? null;

  // The lifetime follows the org's policy until the user changes it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the policy answer changes, not on each keystroke
  useEffect(() => {
    if (!policy.data || form.isDirty('amount') || form.isDirty('unit')) return;
    const lifetime = defaultLifetime(policy.data.apiTokenMaxTtl);
    form.setValues({ ...lifetime, never: form.values.never && policy.data.apiTokenMaxTtl === null });
    form.resetDirty({ ...form.values, ...lifetime });
  }, [policy.data]);

  if (me.isPending || services.isPending) return <Loader role="status" aria-label="Loading" />;
  if (me.error || services.error) return <ApiErrorAlert error={me.error ?? services.error} />;

  const orgs = me.data.memberships;
  const org = orgs.find((o) => o.id === orgId);
  const held = {
    orgRoles: org?.orgRoles ?? [],
    serviceRoles: org?.serviceRoles ?? [],
    permissions: permissionsOf(org?.serviceRoles ?? [], services.data),
  };

  const submit = form.onSubmit(async (values) => {
    setError(null);
    const chosen =
      scopes.allRoles || scopes.orgRoles.length + scopes.serviceRoles.length + scopes.permissions.length > 0;
    setScopeError(chosen ? undefined : 'Select at least one role or permission, or All Roles');
    if (!chosen) return;
    const isDefault = !values.never && values.unit === 'months' && values.amount === DEFAULT_MONTHS;
    const body: GenerateApiToken = {
      orgId: values.orgId,
      name: values.name.trim(),
      ...(values.never
        ? { ttlSeconds: null }
        : isDefault
          ? {}
          : { ttlSeconds: lifetimeSeconds(values.amount, values.unit) }),
      scopes: scopes.allRoles
        ? { allRoles: true }
        : {
            orgRoles: scopes.orgRoles as ('org_owner' | 'org_admin' | 'org_member' | 'developer')[],
            serviceRoles: scopes.serviceRoles,
            permissions: scopes.permissions,
          },
      openid: values.openid,
      notifyDaysBeforeExpiry: !values.never && values.remind ? values.remindDays : null,
    };
    try {
      const answer = await unwrap(api.POST('/api/v1/me/api-tokens', { body }));
      setGenerated(answer);
      await queryClient.invalidateQueries({ queryKey: ['me', 'api-tokens'] });
    } catch (failure) {
      setError(failure);
    }
  });

  const finish = () => navigate('/account/api-tokens');

  return (
    <Stack maw={960}>
      <AccountTabs />
      <Title order={1}>Generate a New API Token</Title>
      <Text size="sm" c="dimmed">
        An API token authenticates you in one organization. Exchange it for an access token at{' '}
        <code>/csp/gateway/am/api/auth/api-tokens/authorize</code>.
      </Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="lg">
          <Select
            label="Organization"
            required
            data={orgs.map((o) => ({ value: o.id, label: o.displayName }))}
            allowDeselect={false}
            {...form.getInputProps('orgId')}
            maw={420}
          />
          <TextInput label="Token Name" required maxLength={64} {...form.getInputProps('name')} maw={420} />

          <Radio.Group
            label="Token TTL"
            description={
              maxTtl !== null
                ? `This organization allows API tokens of at most ${duration(maxTtl)}.`
                : 'From minutes to months, or never. The default is six months.'
            }
            value={form.values.never ? 'never' : 'expires'}
            onChange={(choice) => form.setFieldValue('never', choice === 'never')}
          >
            <Stack gap="xs" mt="xs">
              <Radio value="expires" label="Expires after" />
              {!form.values.never && (
                <Group gap="xs" ml={32} align="flex-start">
                  <NumberInput
                    aria-label="Lifetime"
                    min={1}
                    allowDecimal={false}
                    w={110}
                    {...form.getInputProps('amount')}
                  />
                  <Select
                    aria-label="Lifetime unit"
                    data={[
                      { value: 'minutes', label: 'Minutes' },
                      { value: 'hours', label: 'Hours' },
                      { value: 'days', label: 'Days' },
                      { value: 'months', label: 'Months' },
                    ]}
                    allowDeselect={false}
                    w={130}
                    {...form.getInputProps('unit')}
                  />
                </Group>
              )}
              <Radio
                value="never"
                label="Never expires"
                disabled={maxTtl !== null}
                description={maxTtl !== null ? 'Not allowed by this organization’s policy' : undefined}
              />
            </Stack>
          </Radio.Group>
          {form.values.never && (
            <Alert color="orange" variant="light" title="A non-expiring token">
              A non-expiring token can be a security risk if compromised. If this happens, you must revoke the
              token.
            </Alert>
          )}

          <ScopePicker
            value={scopes}
            onChange={(next) => {
              setScopes(next);
              setScopeError(undefined);
            }}
            services={services.data}
            held={held}
            orgName={org?.displayName ?? 'this organization'}
            error={scopeError}
          />
          <Text size="sm">
            Your selection must be based on the roles your account holds: see them on the{' '}
            <Anchor component={Link} to="/account/roles">
              My Roles
            </Anchor>{' '}
            tab.
          </Text>

          <Checkbox
            label="Open ID"
            description="Retrieve an Open ID compliant token with extended user details (an id_token with each exchange)"
            {...form.getInputProps('openid', { type: 'checkbox' })}
          />

          <Group align="flex-start" gap="xs">
            <Checkbox
              label="E-mail me a reminder before the token expires"
              disabled={form.values.never}
              description={form.values.never ? 'A token that never expires needs no reminder' : undefined}
              {...form.getInputProps('remind', { type: 'checkbox' })}
            />
            {form.values.remind && !form.values.never && (
              <NumberInput
                label="Days before expiry"
                min={1}
                max={365}
                allowDecimal={false}
                w={160}
                {...form.getInputProps('remindDays')}
              />
            )}
          </Group>

          <ApiErrorAlert error={error} title="The token was not generated" />
          <Group>
            <Button type="submit" loading={form.submitting}>
              Generate
            </Button>
            <Button variant="default" component={Link} to="/account/api-tokens">
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>

      <Modal
        opened={generated !== null}
        onClose={finish}
        title="Token Generated"
        size="lg"
        closeOnClickOutside={false}
        withCloseButton={false}
      >
        {generated && (
          <Stack>
            <ShownOnce
              title={`Keyward API token “${generated.name}”`}
              secrets={[{ label: 'API token', value: generated.token }]}
              details={[
                { label: 'Name', value: generated.name },
                { label: 'Organization', value: org?.displayName ?? generated.orgId },
                { label: 'Expires', value: generated.expiresAt ? day(generated.expiresAt) : 'never' },
              ]}
              fileName={`keyward-api-token-${generated.name.replace(/[^A-Za-z0-9_-]+/g, '-')}.txt`}
            />
            <Group justify="flex-end">
              <Button onClick={finish} data-autofocus>
                Continue
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
