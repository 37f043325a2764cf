import {
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import type { OAuthApp, Org } from '../../api/types';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { CheckAccessButton } from '../../components/CheckAccess';
import { ConfirmButton } from '../../components/ConfirmButton';
import { duration, orgRoleLabel, when } from '../../components/format';
import { OrgGate } from '../../components/OrgGate';
import { ShownOnce } from '../../components/ShownOnce';
import { APP_TYPES } from './appScopes';

/** RFC 8628's grant type: the device flow, for command-line tools and devices without a browser. */
const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
type GrantType = 'client_credentials' | 'authorization_code' | 'refresh_token' | typeof DEVICE_CODE_GRANT;

/** Organization → OAuth Apps → one app: its settings, its secret, deletion. */
export default function AppPage() {
  return <OrgGate>{(org) => <AppDetails org={org} />}</OrgGate>;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <div style={{ overflowWrap: 'anywhere' }}>{children}</div>
    </div>
  );
}

function AppDetails({ org }: { org: Org }) {
  const { appId = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [secret, setSecret] = useState<{ value: string; note: string } | null>(null);
  const [editing, setEditing] = useState(false);
  const app = useQuery({
    queryKey: ['orgs', org.id, 'apps', 'one', appId],
    queryFn: () =>
      unwrap(api.GET('/api/v1/orgs/{orgId}/apps/{appId}', { params: { path: { orgId: org.id, appId } } })),
  });
  // Which secrets work now (never their values): a rotation in progress shows here.
  const secrets = useQuery({
    queryKey: ['orgs', org.id, 'apps', 'secrets', appId],
    enabled: app.data !== undefined && !app.data.publicClient,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{orgId}/apps/{appId}/secrets', { params: { path: { orgId: org.id, appId } } }),
      ),
  });
  if (app.isPending) return <Loader role="status" aria-label="Loading the app" />;
  if (app.error) return <ApiErrorAlert error={app.error} />;
  const a = app.data;
  const owner = org.orgRoles.includes('org_owner');
  const manager = owner || org.orgRoles.includes('org_admin') || org.orgRoles.includes('developer');
  const path = { orgId: org.id, appId };
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['orgs', org.id, 'apps'] });
  const scopes = a.scopes.allRoles
    ? 'All roles'
    : [...a.scopes.orgRoles.map(orgRoleLabel), ...a.scopes.serviceRoles, ...a.scopes.permissions].join(
        ', ',
      ) || 'None';

  return (
    <Stack maw={960}>
      <div>
        <Text size="sm" c="dimmed" fw={600}>
          {org.displayName} · OAuth Apps
        </Text>
        <Group gap="sm">
          <Title order={1}>{a.name}</Title>
          <Badge variant="light" autoContrast>
            {APP_TYPES[a.type].label}
          </Badge>
        </Group>
      </div>
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Field label="App ID (client_id)">
            <Text ff="monospace" size="sm">
              {a.id}
            </Text>
          </Field>
          <Field label="Grant types">
            <Text size="sm">{a.grantTypes.join(', ')}</Text>
          </Field>
          <Field label="Description">
            <Text size="sm">{a.description || '—'}</Text>
          </Field>
          <Field label="Scopes">
            <Text size="sm">{scopes}</Text>
          </Field>
          <Field label="Access token lifetime">
            <Text size="sm">{duration(a.accessTokenTtl)}</Text>
          </Field>
          {a.type !== 'server' && (
            <Field label="Refresh token lifetime">
              <Text size="sm">
                {a.grantTypes.includes('refresh_token') ? duration(a.refreshTokenTtl) : 'No refresh tokens'}
              </Text>
            </Field>
          )}
          {a.type !== 'server' && (
            <Field label="Authorization requests">
              <Text size="sm">
                {a.requirePar ? 'Pushed first only (PAR required)' : 'Direct or pushed (PAR)'}
              </Text>
            </Field>
          )}
          {a.type !== 'server' && (
            <Field label="Redirect URIs">
              {a.redirectUris.map((uri) => (
                <Text key={uri} size="sm" ff="monospace">
                  {uri}
                </Text>
              ))}
            </Field>
          )}
          <Field label="Created">
            <Text size="sm">{when(a.createdAt)}</Text>
          </Field>
        </SimpleGrid>
        {manager && (
          <Button variant="default" mt="md" onClick={() => setEditing(true)}>
            Edit settings
          </Button>
        )}
      </Paper>

      {a.type === 'server' && (
        <Paper withBorder p="md">
          <Title order={2} size="h4">
            Organizations
          </Title>
          <Text size="sm" mb="sm">
            A server-to-server app gets tokens only in the organizations it was added to, with the roles each
            gives it. Its own organization added it when it was created, with the roles its scopes ask for
            (never Owner or Administrator, which are given deliberately); other organizations add it by its
            App ID.
          </Text>
          <Group gap="sm">
            <Button
              component={Link}
              to={`/orgs/${org.id}/app-grants?add=${encodeURIComponent(a.id)}`}
              variant="light"
            >
              Set its roles in {org.displayName}
            </Button>
            <CheckAccessButton
              size="sm"
              orgId={org.id}
              subject={{ appId: a.id }}
              name={`the app “${a.name}”`}
            />
          </Group>
        </Paper>
      )}

      {!a.publicClient && (
        <Paper withBorder p="md">
          <Title order={2} size="h4">
            App secret
          </Title>
          <Text size="sm" mb="sm">
            {owner
              ? 'Regenerate replaces every secret at once. Rotate adds a new secret while the current ones keep working for an overlap, so clients can switch; end the rotation once they have.'
              : 'Only organization owners regenerate or rotate the secret.'}
          </Text>
          <ApiErrorAlert error={secrets.error} />
          {secrets.data && <SecretList secrets={secrets.data.secrets} />}
          {owner && (
            <SecretActions
              app={a}
              path={path}
              rotating={secrets.data?.rotating ?? false}
              onSecret={setSecret}
              onChanged={refresh}
            />
          )}
        </Paper>
      )}

      {manager && (
        <Paper withBorder p="md">
          <Title order={2} size="h4" c="red.8">
            Delete
          </Title>
          <Text size="sm" mb="sm">
            Deleting removes the app with its secrets and its place in every organization.
          </Text>
          <ConfirmButton
            size="sm"
            title={`Delete the app “${a.name}”?`}
            message={`The app ${a.id}, its secrets and the organizations it was added to are deleted; its access tokens stop working at once. This cannot be undone.`}
            confirmLabel="Delete app"
            onConfirm={async () => {
              await unwrap(api.DELETE('/api/v1/orgs/{orgId}/apps/{appId}', { params: { path } }));
              await refresh();
              void navigate(`/orgs/${org.id}/apps`);
            }}
          >
            Delete app
          </ConfirmButton>
        </Paper>
      )}

      <Modal
        opened={secret !== null}
        onClose={() => setSecret(null)}
        title="New app secret"
        size="lg"
        closeOnClickOutside={false}
        withCloseButton={false}
      >
        {secret && (
          <Stack>
            <ShownOnce
              title={`Keyward OAuth app “${a.name}”`}
              details={[{ label: 'App ID', value: a.id }]}
              secrets={[{ label: 'App secret', value: secret.value }]}
              fileName={`keyward-app-${a.name.replace(/[^A-Za-z0-9_-]+/g, '-')}-secret.txt`}
            />
            <Text size="sm">{secret.note}</Text>
            <Group justify="flex-end">
              <Button onClick={() => setSecret(null)} data-autofocus>
                Continue
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
      {editing && <EditApp app={a} org={org} onClose={() => setEditing(false)} onSaved={refresh} />}
    </Stack>
  );
}

type AppSecrets = NonNullable<
  paths['/api/v1/orgs/{orgId}/apps/{appId}/secrets']['get']['responses'][200]['content']['application/json']
>['secrets'];

/** The secrets that work now, newest first: the current one, and during a rotation those still overlapping. */
function SecretList({ secrets }: { secrets: AppSecrets }) {
  return (
    <div className="kw-table-scroll">
      <Table miw={420} mb="sm" aria-label="Working secrets">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Secret created</Table.Th>
            <Table.Th>Works until</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {secrets.map((secret) => (
            <Table.Tr key={secret.id}>
              <Table.Td>{when(secret.createdAt)}</Table.Td>
              <Table.Td>
                {secret.expiresAt === null ? (
                  <Badge color="teal" variant="light" autoContrast>
                    Current
                  </Badge>
                ) : (
                  `${when(secret.expiresAt)} (rotated out)`
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

function SecretActions({
  app,
  path,
  rotating,
  onSecret,
  onChanged,
}: {
  app: OAuthApp;
  path: { orgId: string; appId: string };
  /** A rotation is running: only then can it be ended. */
  rotating: boolean;
  onSecret: (secret: { value: string; note: string }) => void;
  onChanged: () => Promise<unknown>;
}) {
  const [overlapHours, setOverlapHours] = useState<number>(48);
  return (
    <Group align="flex-end" gap="sm">
      <ConfirmButton
        size="sm"
        title={`Regenerate the secret of “${app.name}”?`}
        message="Every current secret of this app stops working at once; clients need the new one before their next token request."
        confirmLabel="Regenerate secret"
        onConfirm={async () => {
          const answer = await unwrap(
            api.POST('/api/v1/orgs/{orgId}/apps/{appId}/secret', { params: { path } }),
          );
          onSecret({ value: answer.secret, note: 'Every previous secret has stopped working.' });
          await onChanged();
        }}
      >
        Regenerate secret
      </ConfirmButton>
      <NumberInput
        label="Overlap (hours)"
        min={0}
        max={720}
        allowDecimal={false}
        value={overlapHours}
        onChange={(value) => setOverlapHours(Number(value) || 0)}
        w={140}
        size="sm"
      />
      <ConfirmButton
        size="sm"
        color="indigo"
        title={`Rotate the secret of “${app.name}”?`}
        message={`A new secret is added; the current ones keep working for ${overlapHours} hours, then stop.`}
        confirmLabel="Rotate secret"
        onConfirm={async () => {
          const answer = await unwrap(
            api.POST('/api/v1/orgs/{orgId}/apps/{appId}/secret/rotate', {
              params: { path },
              body: { overlapSeconds: overlapHours * 3600 },
            }),
          );
          onSecret({
            value: answer.secret,
            note: `The previous secrets keep working until ${when(answer.previousSecretsExpireAt)}.`,
          });
          await onChanged();
        }}
      >
        Rotate secret
      </ConfirmButton>
      {rotating && (
        <ConfirmButton
          size="sm"
          title={`End the secret rotation of “${app.name}”?`}
          message="Only the newest secret keeps working; older ones stop at once."
          confirmLabel="End rotation"
          onConfirm={async () => {
            await unwrap(
              api.DELETE('/api/v1/orgs/{orgId}/apps/{appId}/secret/rotation', { params: { path } }),
            );
            notifications.show({
              color: 'teal',
              message: 'Rotation ended: only the newest secret works now',
            });
            await onChanged();
          }}
        >
          End rotation
        </ConfirmButton>
      )}
    </Group>
  );
}

function EditApp({
  app,
  org,
  onClose,
  onSaved,
}: {
  app: OAuthApp;
  org: Org;
  onClose: () => void;
  onSaved: () => Promise<unknown>;
}) {
  const [name, setName] = useState(app.name);
  const [description, setDescription] = useState(app.description);
  const [uris, setUris] = useState(app.redirectUris.join('\n'));
  const [minutes, setMinutes] = useState(Math.max(1, Math.round(app.accessTokenTtl / 60)));
  const [device, setDevice] = useState(app.grantTypes.includes(DEVICE_CODE_GRANT));
  const [par, setPar] = useState(app.requirePar);
  const otherGrants = (app.grantTypes as GrantType[]).filter((grant) => grant !== DEVICE_CODE_GRANT);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await unwrap(
        api.PATCH('/api/v1/orgs/{orgId}/apps/{appId}', {
          params: { path: { orgId: org.id, appId: app.id } },
          body: {
            name: name.trim(),
            description: description.trim(),
            accessTokenTtl: minutes * 60,
            ...(app.type === 'server'
              ? {}
              : {
                  redirectUris: uris
                    .split('\n')
                    .map((u) => u.trim())
                    .filter(Boolean),
                  grantTypes: device ? [...otherGrants, DEVICE_CODE_GRANT] : otherGrants,
                  requirePar: par,
                }),
          },
        }),
      );
      await onSaved();
      onClose();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={`Settings of “${app.name}”`} size="lg">
      <form onSubmit={save} noValidate>
        <Stack>
          <TextInput
            label="App name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Textarea
            label="Description"
            autosize
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
          {app.type !== 'server' && (
            <Textarea
              label="Redirect URIs (one a line)"
              autosize
              value={uris}
              onChange={(e) => setUris(e.currentTarget.value)}
            />
          )}
          {app.type !== 'server' && (
            <Checkbox
              label="Allow the device flow"
              description="For command-line tools and devices without a browser: they show a code that the user enters at /device (RFC 8628)."
              checked={device}
              onChange={(e) => setDevice(e.currentTarget.checked)}
            />
          )}
          {app.type !== 'server' && (
            <Checkbox
              label="Require pushed authorization requests (PAR)"
              description="Sign-in requests must be sent to /oauth/par first; the browser then brings only client_id and request_uri (RFC 9126)."
              checked={par}
              onChange={(e) => setPar(e.currentTarget.checked)}
            />
          )}
          <NumberInput
            label="Access token lifetime (minutes)"
            min={1}
            max={1440}
            allowDecimal={false}
            value={minutes}
            onChange={(value) => setMinutes(Number(value) || 1)}
            w={260}
          />
          <ApiErrorAlert error={error} title="Settings not saved" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
