import { Alert, Badge, Button, Group, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api, unwrap } from '../../api/client';
import { useMe } from '../../api/queries';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { isStepUpRequired, StepUpDialog } from '../../components/StepUpDialog';
import { AccountTabs } from '../api-tokens/AccountTabs';

/**
 * My Account → Profile: the e-mail address, whether it is verified, a new verification link, and changing the
 * address. Changing it is sensitive: past the step-up window the server answers auth.step_up_required and the
 * page asks for a fresh proof, then tries again.
 */
export default function ProfilePage() {
  const queryClient = useQueryClient();
  const me = useMe();
  const [resendNote, setResendNote] = useState<string | null>(null);
  const [resendError, setResendError] = useState<unknown>(null);
  const [email, setEmail] = useState('');
  const [changeError, setChangeError] = useState<unknown>(null);
  const [changing, setChanging] = useState(false);
  const [stepUp, setStepUp] = useState(false);

  const resend = async () => {
    setResendError(null);
    setResendNote(null);
    try {
      const { sent } = await unwrap(api.POST('/api/v1/me/email-verification'));
      setResendNote(
        sent
          ? `A new link is on its way to ${me.data?.user.email}. Older links no longer work.`
          : 'Your address is already verified: nothing was sent.',
      );
      if (!sent) await queryClient.invalidateQueries({ queryKey: ['me'] });
    } catch (failure) {
      setResendError(failure);
    }
  };

  const change = async () => {
    const wanted = email.trim();
    await unwrap(api.PATCH('/api/v1/me', { body: { email: wanted } }));
    setEmail('');
    notifications.show({
      color: 'teal',
      message: `Your e-mail address is now ${wanted}. Follow the link sent there to verify it.`,
    });
    await queryClient.invalidateQueries({ queryKey: ['me'] });
  };

  const submitChange = async () => {
    setChangeError(null);
    setChanging(true);
    try {
      await change();
    } catch (failure) {
      if (isStepUpRequired(failure)) setStepUp(true);
      else setChangeError(failure);
    } finally {
      setChanging(false);
    }
  };

  if (me.isPending) return <Loader role="status" aria-label="Loading your profile" />;
  if (me.error) return <ApiErrorAlert error={me.error} />;
  const { user } = me.data;
  const taken = changeError instanceof ApiError && changeError.code === 'user.email_taken';

  return (
    <Stack>
      <AccountTabs />
      <Title order={1}>Profile</Title>
      <Paper withBorder p="md">
        <Stack>
          <Title order={2} size="h4">
            E-mail address
          </Title>
          <Group gap="xs">
            <Text>{user.email}</Text>
            {user.emailVerified ? (
              <Badge variant="light" color="teal" autoContrast>
                Verified
              </Badge>
            ) : (
              <Badge variant="light" color="yellow" autoContrast>
                Not verified
              </Badge>
            )}
          </Group>
          {!user.emailVerified && (
            <Text size="sm" c="dimmed">
              Follow the link we sent to this address to verify it. Password reset links go to it too.
            </Text>
          )}
          {resendNote && (
            <Alert color="blue" role="status">
              {resendNote}
            </Alert>
          )}
          <ApiErrorAlert error={resendError} title="Not sent" />
          {!user.emailVerified && (
            <Button w="fit-content" variant="default" onClick={() => void resend()}>
              Resend verification
            </Button>
          )}
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void submitChange();
          }}
        >
          <Stack maw={420}>
            <Title order={2} size="h4">
              Change e-mail address
            </Title>
            <Text size="sm" c="dimmed">
              The new address starts unverified and gets a link; the old one gets a notice of the change.
            </Text>
            <TextInput
              label="New e-mail address"
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
            />
            {taken ? (
              <Alert color="red" variant="light" title="Not changed" role="alert">
                Another account already uses this address. Choose another one.
              </Alert>
            ) : (
              <ApiErrorAlert error={changeError} title="Not changed" />
            )}
            <Button type="submit" w="fit-content" loading={changing}>
              Change e-mail
            </Button>
          </Stack>
        </form>
      </Paper>
      <StepUpDialog
        opened={stepUp}
        onClose={() => setStepUp(false)}
        onConfirmed={async () => {
          setStepUp(false);
          try {
            await change();
          } catch (failure) {
            setChangeError(failure);
          }
        }}
      />
    </Stack>
  );
}
