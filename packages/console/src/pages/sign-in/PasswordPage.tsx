import { Button, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { z } from 'zod';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../api/queries';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';

const schema = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password'),
    newPassword: z.string().min(1, 'Enter a new password').max(1024),
    repeat: z.string(),
  })
  .refine((values) => values.newPassword === values.repeat, {
    path: ['repeat'],
    message: 'The two new passwords differ',
  });

/** My Account → Password: PUT /me/password; the user's other sessions end. */
export default function PasswordPage() {
  const [error, setError] = useState<unknown>(null);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', repeat: '' },
    validate: zod4Resolver(schema),
  });
  const submit = form.onSubmit(async ({ currentPassword, newPassword }) => {
    setError(null);
    try {
      await unwrap(api.PUT('/api/v1/me/password', { body: { currentPassword, newPassword } }));
      form.reset();
      const wasRequired = me?.passwordChangeRequired === true;
      // GET /me says whether a change was required (the first operator's): ask again now that it is done.
      await queryClient.invalidateQueries();
      notifications.show({ color: 'teal', message: 'Password changed. Your other sessions have ended.' });
      // The first sign-in of the first operator: offer a second factor next, while they are at it.
      if (wasRequired && !me?.secondFactor.enrolled) void navigate('/account/security?after=password');
    } catch (failure) {
      setError(failure);
    }
  });
  return (
    <Stack maw={480}>
      <Title order={1}>Password</Title>
      <Text size="sm" c="dimmed">
        Changing your password signs you out everywhere else. The server decides what a strong enough password
        is.
      </Text>
      <Paper withBorder p="md">
        <form onSubmit={submit} noValidate>
          <Stack>
            <ApiErrorAlert error={error} title="Password not changed" />
            <PasswordInput
              label="Current password"
              autoComplete="current-password"
              required
              {...form.getInputProps('currentPassword')}
            />
            <PasswordInput
              label="New password"
              autoComplete="new-password"
              required
              {...form.getInputProps('newPassword')}
            />
            <PasswordInput
              label="Repeat the new password"
              autoComplete="new-password"
              required
              {...form.getInputProps('repeat')}
            />
            <Button type="submit" loading={form.submitting} w="fit-content">
              Change password
            </Button>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
