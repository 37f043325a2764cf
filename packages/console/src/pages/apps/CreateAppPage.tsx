import {
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  NumberInput,
  Radio,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { z } from 'zod';
import { api, unwrap } from '../../api/client';
import { useServices } from '../../api/queries';
import type { CreateApp, CreatedApp, Org } from '../../api/types';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { OrgGate } from '../../components/OrgGate';
import { ShownOnce } from '../../components/ShownOnce';
import { ScopePicker, type Scopes } from '../api-tokens/ScopePicker';
import { APP_TYPES, grantableForApps } from './appScopes';

/** Organization → OAuth Apps → Create App. */
export default function CreateAppPage() {
  return <OrgGate>{(org) => <CreateAppForm org={org} />}</OrgGate>;
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

const schema = z
  .object({
    type: z.enum(['server', 'web', 'native']),
    name: z.string().trim().min(1, 'Give the app a name').max(128),
    description: z.string().max(1000),
    redirectUris: z.string(),
    accessMinutes: z.number({ message: 'Enter minutes' }).int().min(1).max(1440),
    refresh: z.boolean(),
    refreshDays: z.number({ message: 'Enter days' }).int().min(1).max(732),
  })
  .refine((v) => v.type === 'server' || lines(v.redirectUris).length > 0, {
    path: ['redirectUris'],
    message: 'A web or native app needs at least one redirect URI',
  });

function CreateAppForm({ org }: { org: Org }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const services = useServices();
  const [scopes, setScopes] = useState<Scopes>({
    allRoles: false,
    orgRoles: [],
    serviceRoles: [],
    permissions: [],
  });
  const [scopeError, setScopeError] = useState<string>();
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<CreatedApp | null>(null);
  const form = useForm({
    initialValues: {
      type: 'server' as 'server' | 'web' | 'native',
      name: '',
      description: '',
      redirectUris: '',
      accessMinutes: 10,
      refresh: true,
      refreshDays: 90,
    },
    validate: zod4Resolver(schema),
  });
  if (services.isPending) return <Loader role="status" aria-label="Loading services" />;
  if (services.error) return <ApiErrorAlert error={services.error} />;
  const grantable = grantableForApps(org, services.data);
  const type = form.values.type;

  const submit = form.onSubmit(async (values) => {
    setError(null);
    const chosen =
      scopes.allRoles || scopes.orgRoles.length + scopes.serviceRoles.length + scopes.permissions.length > 0;
    setScopeError(chosen ? undefined : 'Select the roles the app may use, or All Roles');
    if (!chosen) return;
    const body: CreateApp = {
      type: values.type,
      name: values.name.trim(),
      description: values.description.trim(),
      scopes: scopes.allRoles
        ? { allRoles: true }
        : {
            orgRoles: scopes.orgRoles as ('org_owner' | 'org_admin' | 'org_member' | 'developer')[],
            serviceRoles: scopes.serviceRoles,
            permissions: scopes.permissions,
          },
      accessTokenTtl: values.accessMinutes * 60,
      ...(values.type === 'server'
        ? {}
        : { redirectUris: lines(values.redirectUris), refreshTokenTtl: values.refreshDays * 86400 }),
      ...(values.type === 'web' && !values.refresh ? { grantTypes: ['authorization_code' as const] } : {}),
    };
    try {
      const answer = await unwrap(
        api.POST('/api/v1/orgs/{orgId}/apps', { params: { path: { orgId: org.id } }, body }),
      );
      await queryClient.invalidateQueries({ queryKey: ['orgs', org.id, 'apps'] });
      setCreated(answer);
    } catch (failure) {
      setError(failure);
    }
  });

  const appPath = (id: string) => `/orgs/${org.id}/apps/${encodeURIComponent(id)}`;

  return (
    <Stack maw={960}>
      <div>
        <Text size="sm" c="dimmed" fw={600}>
          {org.displayName} · OAuth Apps
        </Text>
        <Title order={1}>Create App</Title>
      </div>
      <form onSubmit={submit} noValidate>
        <Stack gap="lg">
          <Radio.Group label="What kind of app?" required {...form.getInputProps('type')}>
            <Stack gap="xs" mt="xs">
              {(Object.keys(APP_TYPES) as (keyof typeof APP_TYPES)[]).map((key) => (
                <Radio
                  key={key}
                  value={key}
                  label={APP_TYPES[key].label}
                  description={APP_TYPES[key].about}
                />
              ))}
            </Stack>
          </Radio.Group>
          <TextInput label="App name" required maxLength={128} {...form.getInputProps('name')} maw={480} />
          <Textarea
            label="Description"
            autosize
            minRows={2}
            maxLength={1000}
            {...form.getInputProps('description')}
            maw={480}
          />
          {type !== 'server' && (
            <Textarea
              label="Redirect URIs"
              description={
                type === 'web'
                  ? 'One a line; https (http only on a loopback address)'
                  : 'One a line; a loopback http URI (any port), a reverse-domain scheme such as com.example.app:/cb, or https'
              }
              required
              autosize
              minRows={2}
              {...form.getInputProps('redirectUris')}
              maw={640}
            />
          )}
          <ScopePicker
            value={scopes}
            onChange={(next) => {
              setScopes(next);
              setScopeError(undefined);
            }}
            services={services.data}
            held={grantable}
            orgName={org.displayName}
            error={scopeError}
          />
          <Group align="flex-start">
            <NumberInput
              label="Access token lifetime (minutes)"
              min={1}
              max={1440}
              allowDecimal={false}
              w={260}
              {...form.getInputProps('accessMinutes')}
            />
            {type !== 'server' && (
              <NumberInput
                label="Refresh token lifetime (days)"
                min={1}
                max={732}
                allowDecimal={false}
                w={260}
                disabled={type === 'web' && !form.values.refresh}
                {...form.getInputProps('refreshDays')}
              />
            )}
          </Group>
          {type === 'web' && (
            <Checkbox
              label="Issue refresh tokens"
              description="Lets the app renew access without the user"
              {...form.getInputProps('refresh', { type: 'checkbox' })}
            />
          )}
          <ApiErrorAlert error={error} title="The app was not created" />
          <Group>
            <Button type="submit" loading={form.submitting}>
              Create
            </Button>
            <Button variant="default" component={Link} to={`/orgs/${org.id}/apps`}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
      <Modal
        opened={created !== null}
        onClose={() => created && navigate(appPath(created.id))}
        title="App created"
        size="lg"
        closeOnClickOutside={false}
        withCloseButton={false}
      >
        {created && (
          <Stack>
            {created.secret ? (
              <ShownOnce
                title={`Keyward OAuth app “${created.name}”`}
                details={[
                  { label: 'App ID', value: created.id },
                  { label: 'Type', value: APP_TYPES[created.type].label },
                ]}
                secrets={[
                  { label: 'App ID', value: created.id },
                  { label: 'App secret', value: created.secret },
                ]}
                fileName={`keyward-app-${created.name.replace(/[^A-Za-z0-9_-]+/g, '-')}.txt`}
              />
            ) : (
              <Text size="sm">
                App ID <code>{created.id}</code>. A native app is a public client: it has no secret and proves
                itself with PKCE.
              </Text>
            )}
            {created.type === 'server' && (
              <Text size="sm">
                It can get tokens in this organization now, with the roles its scopes ask for (Owner and
                Administrator are given only by hand, on the app’s page). Other organizations add it by its
                App ID.
              </Text>
            )}
            <Group justify="flex-end">
              <Button onClick={() => navigate(appPath(created.id))} data-autofocus>
                Continue
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
