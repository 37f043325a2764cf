import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { startAuthentication } from '@simplewebauthn/browser';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api, unwrap } from '../api/client';
import type { paths } from '../api/schema';
import { ApiErrorAlert } from './ApiErrorAlert';

/** True when the API refused an action because the session's last proof of identity is too old. */
export function isStepUpRequired(failure: unknown): boolean {
  return failure instanceof ApiError && failure.code === 'auth.step_up_required';
}

type StepUpProof = paths['/api/v1/session/step-up']['post']['requestBody']['content']['application/json'];

interface StepUpDialogProps {
  /** Open while a sensitive action waits for a fresh proof. */
  opened: boolean;
  onClose: () => void;
  /** Called once the server has accepted the proof: run the action again. */
  onConfirmed: () => Promise<unknown>;
}

/**
 * "Confirm it is you": a code from an authenticator app (or a recovery code), a passkey, or the password for an
 * account without a second factor; then the waiting action runs again (POST /session/step-up).
 */
export function StepUpDialog({ opened, onClose, onConfirmed }: StepUpDialogProps) {
  const factors = useQuery({
    queryKey: ['me', 'factors'],
    queryFn: () => unwrap(api.GET('/api/v1/me/factors')),
    enabled: opened,
  });
  const [proof, setProof] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const kinds = new Set(factors.data?.factors.map((factor) => factor.kind));
  const hasFactor = kinds.size > 0;

  const prove = async (body: StepUpProof) => {
    setBusy(true);
    setError(null);
    try {
      await unwrap(api.POST('/api/v1/session/step-up', { body }));
      setProof('');
      await onConfirmed();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const withPasskey = async () => {
    setError(null);
    try {
      const options = await unwrap(api.POST('/api/v1/session/passkey/options'));
      const response = await startAuthentication({ optionsJSON: options as never });
      await prove({ passkey: response as never });
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Confirm it is you" centered>
      <Stack>
        <Text size="sm">
          {hasFactor
            ? 'This change needs a fresh proof: enter a code from your authenticator app, or a recovery code.'
            : 'This change needs a fresh proof: enter your password.'}
        </Text>
        <ApiErrorAlert error={error ?? factors.error} />
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void prove(hasFactor ? { code: proof.trim() } : { password: proof });
          }}
        >
          <Stack>
            <TextInput
              label={hasFactor ? 'Code' : 'Password'}
              type={hasFactor ? 'text' : 'password'}
              autoComplete={hasFactor ? 'one-time-code' : 'current-password'}
              value={proof}
              onChange={(event) => setProof(event.currentTarget.value)}
              data-autofocus
            />
            <Group justify="flex-end">
              {kinds.has('passkey') && (
                <Button variant="default" onClick={() => void withPasskey()} disabled={busy}>
                  Use a passkey
                </Button>
              )}
              <Button type="submit" loading={busy}>
                Confirm
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Modal>
  );
}
