import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  List,
  Modal,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { useMe, useServices } from '../api/queries';
import type { paths } from '../api/schema';
import { useCurrentOrg } from '../app/org';
import { ApiErrorAlert } from './ApiErrorAlert';

type Question = NonNullable<
  paths['/api/v1/orgs/{orgId}/access-checks']['post']['requestBody']
>['content']['application/json'];
type Answer =
  paths['/api/v1/orgs/{orgId}/access-checks']['post']['responses'][200]['content']['application/json'];
/** Whose access: an API token, a consumer credential, a member or a server app. */
export type Subject = Question['credential'];
type Step = Answer['because'][number]['step'];

/** Each step of the answer in words (docs/access-checks.md, "The answer"). */
const STEP_LABELS: Record<Step, string> = {
  credential: 'The credential can be used now',
  holder: 'What its holder holds in the organization',
  scope: 'What the credential asks for',
  granted: 'What an access token minted now carries',
  rules: 'Its access rules',
  decision: 'Decision',
};

const METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;

/**
 * "Check access": a button opening a dialog that asks POST /orgs/{orgId}/access-checks whether `subject` may use
 * a permission (or, for a consumer credential, call a method and path), and shows the answer step by step.
 * Without `orgId` the dialog asks which of the user's organizations to check in (consumer credentials belong to
 * a user, not to one organization).
 */
export function CheckAccessButton({
  subject,
  name,
  orgId,
  size = 'xs',
}: {
  subject: Subject;
  /** What is checked, in words: "the API token “ci”", "rita@example.test". */
  name: string;
  orgId?: string | undefined;
  size?: 'xs' | 'sm';
}) {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button size={size} variant="default" onClick={open} aria-label={`Check access of ${name}`}>
        Check access
      </Button>
      {opened && <CheckAccessDialog subject={subject} name={name} orgId={orgId} onClose={close} />}
    </>
  );
}

function CheckAccessDialog({
  subject,
  name,
  orgId,
  onClose,
}: {
  subject: Subject;
  name: string;
  orgId: string | undefined;
  onClose: () => void;
}) {
  const rules = 'type' in subject && subject.type === 'consumer_credential';
  const { data: me } = useMe();
  const services = useServices();
  const current = useCurrentOrg();
  const [org, setOrg] = useState<string | null>(orgId ?? current?.id ?? null);
  const [permission, setPermission] = useState<string | null>(null);
  const [method, setMethod] = useState<string>('GET');
  const [path, setPath] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [asked, setAsked] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const check = async (event: React.FormEvent) => {
    event.preventDefault();
    let request: Question['request'];
    if (rules) {
      const trimmed = path.trim();
      if (!/^\/\S*$/.test(trimmed)) {
        setInvalid('Enter a path starting with /, e.g. /me or /1.0/me');
        return;
      }
      request = { method: method as (typeof METHODS)[number], path: trimmed };
    } else {
      if (!permission) {
        setInvalid('Choose the permission to check');
        return;
      }
      request = { permission };
    }
    setInvalid(null);
    setBusy(true);
    setError(null);
    setAnswer(null);
    try {
      const result = await unwrap(
        api.POST('/api/v1/orgs/{orgId}/access-checks', {
          params: { path: { orgId: org ?? '' } },
          body: { credential: subject, request },
        }),
      );
      setAsked('permission' in request ? request.permission : `${request.method} ${request.path}`);
      setAnswer(result);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={`Check access of ${name}`} size="lg">
      <form onSubmit={check} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            Keyward answers with the code a request runs, without using the credential or changing anything.
          </Text>
          {orgId === undefined && (
            <Select
              label="Organization"
              description="Where the call would act"
              data={(me?.memberships ?? []).map((m) => ({ value: m.id, label: m.displayName }))}
              value={org}
              onChange={setOrg}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
          )}
          {rules ? (
            <Group align="flex-start" grow>
              <Select
                label="Method"
                data={[...METHODS]}
                value={method}
                onChange={(value) => setMethod(value ?? 'GET')}
                allowDeselect={false}
                maw={140}
                comboboxProps={{ withinPortal: true }}
              />
              <TextInput
                label="Path"
                description="Relative to the API version, or with it"
                placeholder="/me"
                required
                value={path}
                onChange={(event) => setPath(event.currentTarget.value)}
                error={invalid}
                data-autofocus
              />
            </Group>
          ) : (
            <Select
              label="Permission"
              description="From the registered services"
              placeholder="Choose a permission"
              searchable
              required
              data={(services.data ?? []).map((service) => ({
                group: service.name,
                // A permission's id is already qualified by its service (billing:read).
                items: service.permissions.map((p) => ({ value: p.id, label: p.id })),
              }))}
              value={permission}
              onChange={setPermission}
              nothingFoundMessage="No such permission"
              error={invalid}
              comboboxProps={{ withinPortal: true }}
              data-autofocus
            />
          )}
          <ApiErrorAlert error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            <Button type="submit" loading={busy}>
              Check
            </Button>
          </Group>
          {answer && <AccessAnswer answer={answer} asked={asked} name={name} />}
        </Stack>
      </form>
    </Modal>
  );
}

/** The answer: allowed or denied, each step in words, what is missing and what a token would carry. */
function AccessAnswer({ answer, asked, name }: { answer: Answer; asked: string; name: string }) {
  return (
    <Stack gap="sm" aria-live="polite">
      <Alert
        color={answer.allowed ? 'teal' : 'red'}
        variant="light"
        title={answer.allowed ? `Allowed: ${asked}` : `Denied: ${asked}`}
      >
        <Text size="sm">{answer.allowed ? `Allowed now for ${name}.` : `Not allowed now for ${name}.`}</Text>
        {answer.missing.length > 0 && (
          <Text size="sm">
            Missing: <Code>{answer.missing.join(', ')}</Code>
          </Text>
        )}
      </Alert>
      <List spacing="xs" listStyleType="none" aria-label="Why, step by step">
        {answer.because.map((step) => (
          <List.Item key={step.step}>
            <Group gap={8} wrap="nowrap" align="flex-start">
              <Badge
                color={step.ok ? 'teal' : 'red'}
                variant="light"
                autoContrast
                miw={72}
                style={{ flex: 'none' }}
              >
                {step.ok ? 'Passed' : 'Failed'}
              </Badge>
              <div>
                <Text size="sm" fw={500}>
                  {STEP_LABELS[step.step]}
                </Text>
                <Text size="sm">{step.detail}</Text>
                {step.code && (
                  <Text size="xs" c="dimmed">
                    The request would get <Code>{step.code}</Code>
                  </Text>
                )}
              </div>
            </Group>
          </List.Item>
        ))}
      </List>
      {answer.granted && (
        <div>
          <Text size="sm" fw={500}>
            An access token minted now carries
          </Text>
          <Text size="sm">
            Roles: {[...answer.granted.orgRoles, ...answer.granted.serviceRoles].join(', ') || 'none'}
          </Text>
          <Text size="sm">Permissions: {answer.granted.permissions.join(', ') || 'none'}</Text>
        </div>
      )}
    </Stack>
  );
}
