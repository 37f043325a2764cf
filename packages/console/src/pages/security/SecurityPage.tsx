import {
  Alert,
  Button,
  Group,
  Image,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { startRegistration } from '@simplewebauthn/browser';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError, api, unwrap } from '../../api/client';
import { useMe } from '../../api/queries';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ShownOnce } from '../../components/ShownOnce';
import { AccountTabs } from '../api-tokens/AccountTabs';

/**
 * Why this page asks for a factor now: an organization requires one, or the password was just set (the first
 * operator's first sign-in), when a second factor is cheapest to add.
 */
function FactorWanted() {
  const [params] = useSearchParams();
  const { data: me } = useMe();
  const requiredBy = me?.memberships.filter((org) => me.secondFactor.requiredBy.includes(org.id)) ?? [];
  if (requiredBy.length > 0) {
    return (
      <Alert color="yellow" title="Required by your organization">
        {requiredBy.map((org) => org.displayName).join(', ')} requires a second factor. Add an authenticator
        app or a passkey below; you can generate API tokens and create apps there again once you have one.
      </Alert>
    );
  }
  if (params.get('after') !== 'password') return null;
  return (
    <Alert color="blue" title="Your new password is set">
      Add a second factor now, so that a leaked password alone does not open this account.
    </Alert>
  );
}

const factorsQuery = { queryKey: ['me', 'factors'], queryFn: () => unwrap(api.GET('/api/v1/me/factors')) };

interface Enrolment {
  id: string;
  secret: string;
  qrCode: string;
}

/**
 * My Account → Security: second factors (authenticator apps, passkeys), recovery codes shown once, and removal
 * behind a confirmation. The server decides when an action needs a fresh factor (auth.step_up_required); the
 * page then asks for one and tries again.
 */
export default function SecurityPage() {
  const queryClient = useQueryClient();
  const factors = useQuery(factorsQuery);
  const [error, setError] = useState<unknown>(null);
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [code, setCode] = useState('');
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [stepUp, setStepUp] = useState<{ retry: () => Promise<unknown> } | null>(null);
  const [proof, setProof] = useState('');
  const [stepUpError, setStepUpError] = useState<unknown>(null);
  const hasFactor = (factors.data?.factors.length ?? 0) > 0;

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['me'] });

  /** Runs a sensitive action; when the server asks for a fresh factor, asks for one and runs it again. */
  const sensitive = async (action: () => Promise<unknown>) => {
    try {
      await action();
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'auth.step_up_required') {
        setStepUp({ retry: action });
        return;
      }
      throw failure;
    }
  };

  const startTotp = async () => {
    setError(null);
    try {
      const started = await unwrap(api.POST('/api/v1/me/factors/totp', { body: {} }));
      setEnrolment({ id: started.factor.id, secret: started.secret, qrCode: started.qrCode });
      setCode('');
    } catch (failure) {
      setError(failure);
    }
  };

  const confirmTotp = async () => {
    if (!enrolment) return;
    setError(null);
    try {
      const confirmed = await unwrap(
        api.POST('/api/v1/me/factors/totp/{id}/confirm', {
          params: { path: { id: enrolment.id } },
          body: { code: code.trim() },
        }),
      );
      setEnrolment(null);
      setRecoveryCodes(confirmed.recoveryCodes);
      notifications.show({ color: 'teal', message: 'Authenticator app added.' });
      await refresh();
    } catch (failure) {
      setError(failure);
    }
  };

  const addPasskey = async () => {
    setError(null);
    try {
      const options = await unwrap(api.POST('/api/v1/me/factors/passkey/options'));
      const response = await startRegistration({ optionsJSON: options as never });
      const added = await unwrap(
        api.POST('/api/v1/me/factors/passkey', { body: { response: response as never } }),
      );
      setRecoveryCodes(added.recoveryCodes);
      notifications.show({ color: 'teal', message: 'Passkey added.' });
      await refresh();
    } catch (failure) {
      setError(failure);
    }
  };

  const newRecoveryCodes = async () => {
    setError(null);
    try {
      await sensitive(async () => {
        const answer = await unwrap(api.POST('/api/v1/me/recovery-codes'));
        setRecoveryCodes(answer.recoveryCodes);
        await refresh();
      });
    } catch (failure) {
      setError(failure);
    }
  };

  const confirmStepUp = async () => {
    if (!stepUp) return;
    setStepUpError(null);
    try {
      const body = hasFactor ? { code: proof.trim() } : { password: proof };
      await unwrap(api.POST('/api/v1/session/step-up', { body }));
      const { retry } = stepUp;
      setStepUp(null);
      setProof('');
      await retry();
    } catch (failure) {
      setStepUpError(failure);
    }
  };

  return (
    <Stack>
      <AccountTabs />
      <Title order={1}>Security</Title>
      <Text size="sm" c="dimmed">
        A second factor protects your account if your password leaks: an authenticator app or a passkey.
      </Text>
      {factors.data && !hasFactor && <FactorWanted />}
      <ApiErrorAlert error={error ?? factors.error} title="Not done" />
      {recoveryCodes && (
        <ShownOnce
          title="Recovery codes"
          fileName="keyward-recovery-codes.txt"
          secrets={recoveryCodes.map((value, index) => ({ label: `Code ${index + 1}`, value }))}
        />
      )}
      <Paper withBorder p="md">
        <Stack>
          <Title order={2} size="h4">
            Second factors
          </Title>
          {factors.data && factors.data.factors.length === 0 && <Text size="sm">No second factor yet.</Text>}
          {factors.data && factors.data.factors.length > 0 && (
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th>Added</Table.Th>
                  <Table.Th>Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {factors.data.factors.map((factor) => (
                  <Table.Tr key={factor.id}>
                    <Table.Td>{factor.name}</Table.Td>
                    <Table.Td>{factor.kind === 'totp' ? 'Authenticator app' : 'Passkey'}</Table.Td>
                    <Table.Td>{new Date(factor.createdAt).toLocaleDateString()}</Table.Td>
                    <Table.Td>
                      <ConfirmButton
                        title={`Remove ${factor.name}?`}
                        message="You will no longer be able to sign in with it."
                        confirmLabel="Remove"
                        onConfirm={() =>
                          sensitive(async () => {
                            await unwrap(
                              api.DELETE('/api/v1/me/factors/{id}', { params: { path: { id: factor.id } } }),
                            );
                            await refresh();
                          })
                        }
                      >
                        Remove
                      </ConfirmButton>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {factors.data && (
            <Text size="sm">
              Recovery codes left: {factors.data.recoveryCodes.unused} of {factors.data.recoveryCodes.total}
            </Text>
          )}
          <Group>
            <Button onClick={() => void startTotp()}>Add authenticator app</Button>
            <Button variant="default" onClick={() => void addPasskey()}>
              Add passkey
            </Button>
            {hasFactor && (
              <Button variant="default" onClick={() => void newRecoveryCodes()}>
                New recovery codes
              </Button>
            )}
          </Group>
        </Stack>
      </Paper>
      {enrolment && (
        <Paper withBorder p="md">
          <Stack maw={420}>
            <Title order={2} size="h4">
              Scan this code with your authenticator app
            </Title>
            <Image src={enrolment.qrCode} alt="QR code of the authenticator secret" w={200} h={200} />
            <Text size="sm">
              Or type this secret: <code>{enrolment.secret}</code>
            </Text>
            <TextInput
              label="Code from the app"
              autoComplete="one-time-code"
              value={code}
              onChange={(event) => setCode(event.currentTarget.value)}
            />
            <Button w="fit-content" onClick={() => void confirmTotp()}>
              Confirm
            </Button>
          </Stack>
        </Paper>
      )}
      <Modal opened={stepUp !== null} onClose={() => setStepUp(null)} title="Confirm it is you" centered>
        <Stack>
          <Text size="sm">
            {hasFactor
              ? 'Enter a code from your authenticator app, or a recovery code.'
              : 'Enter your password.'}
          </Text>
          <ApiErrorAlert error={stepUpError} />
          <TextInput
            label={hasFactor ? 'Code' : 'Password'}
            type={hasFactor ? 'text' : 'password'}
            value={proof}
            onChange={(event) => setProof(event.currentTarget.value)}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button onClick={() => void confirmStepUp()}>Confirm</Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
