import { Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { z } from 'zod';
import { api, unwrap } from '../../api/client';
import { storeCsrfToken } from '../../api/session';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';

const schema = z.object({
  email: z.string().trim().min(3, 'Enter your e-mail address').max(254),
  password: z.string().min(1, 'Enter your password').max(1024),
});

/** Only a path inside the console is followed after sign-in (never another site). */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in')
    ? next
    : '/account/api-tokens';
}

/**
 * Console sign-in through the management API (POST /api/v1/session): the session is an HttpOnly cookie, and the
 * answer's CSRF token goes with every change the console makes.
 */
export default function SignInPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const form = useForm({ initialValues: { email: '', password: '' }, validate: zod4Resolver(schema) });

  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      const answer = await unwrap(api.POST('/api/v1/session', { body: values }));
      storeCsrfToken(answer.csrfToken);
      queryClient.clear();
      void navigate(safeNext(params.get('next')), { replace: true });
    } catch (failure) {
      setError(failure);
    }
  });

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <div>
              <Text fw={700} c="indigo.8">
                Keyward
              </Text>
              <Title order={1} size="h2">
                Sign in to the console
              </Title>
            </div>
            <ApiErrorAlert error={error} title="Not signed in" />
            <TextInput
              label="E-mail"
              type="email"
              autoComplete="username"
              required
              autoFocus
              {...form.getInputProps('email')}
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              {...form.getInputProps('password')}
            />
            <Button type="submit" loading={form.submitting}>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
