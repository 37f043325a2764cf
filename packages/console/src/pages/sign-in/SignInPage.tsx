import { Anchor, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { startAuthentication } from '@simplewebauthn/browser';
import { useQueryClient } from '@tanstack/react-query';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { z } from 'zod';
import { ApiError, api, unwrap } from '../../api/client';
import { storeCsrfToken } from '../../api/session';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';

const schema = z.object({
  email: z.string().trim().min(3, 'Enter your e-mail address').max(254),
  password: z.string().min(1, 'Enter your password').max(1024),
});

const codeSchema = z.object({
  code: z
    .string()
    .trim()
    .min(6, 'Enter the 6-digit code, or a recovery code')
    .max(32)
    .regex(/^[0-9A-Za-z -]+$/, 'Digits, letters and dashes only'),
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
  const codeForm = useForm({ initialValues: { code: '' }, validate: zod4Resolver(codeSchema) });
  // The password was right and the account has a second factor: the server holds a pending session.
  const [secondStep, setSecondStep] = useState(false);
  const [usingPasskey, setUsingPasskey] = useState(false);

  const signedIn = (csrfToken: string) => {
    storeCsrfToken(csrfToken);
    queryClient.clear();
    void navigate(safeNext(params.get('next')), { replace: true });
  };

  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      signedIn((await unwrap(api.POST('/api/v1/session', { body: values }))).csrfToken);
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'auth.second_factor_required') {
        // The pending session's CSRF token goes with the second step (the client adds the stored one).
        storeCsrfToken(String(failure.details?.csrfToken ?? ''));
        setSecondStep(true);
        return;
      }
      setError(failure);
    }
  });

  const submitCode = codeForm.onSubmit(async ({ code }) => {
    setError(null);
    try {
      signedIn((await unwrap(api.POST('/api/v1/session/second-factor', { body: { code } }))).csrfToken);
    } catch (failure) {
      setError(failure);
    }
  });

  /** A passkey: the second step after the password, or a sign-in on its own from the first screen. */
  const signInWithPasskey = async () => {
    setError(null);
    setUsingPasskey(true);
    try {
      const options = await unwrap(api.POST('/api/v1/session/passkey/options'));
      const response = await startAuthentication({ optionsJSON: options as never });
      const body = { response: response as never };
      signedIn((await unwrap(api.POST('/api/v1/session/passkey', { body }))).csrfToken);
    } catch (failure) {
      setError(failure);
    } finally {
      setUsingPasskey(false);
    }
  };

  if (secondStep) {
    return (
      <Center mih="100vh" p="md" component="main">
        <Paper withBorder shadow="sm" p="xl" w="100%" maw={420}>
          <form onSubmit={submitCode} noValidate>
            <Stack>
              <div>
                <Text fw={700} c="indigo.8">
                  Keyward
                </Text>
                <Title order={1} size="h2">
                  Two-step verification
                </Title>
              </div>
              <Text size="sm">
                Enter the 6-digit code from your authenticator app, or one of your recovery codes.
              </Text>
              <ApiErrorAlert error={error} title="Not signed in" />
              <TextInput
                label="Code"
                autoComplete="one-time-code"
                required
                autoFocus
                {...codeForm.getInputProps('code')}
              />
              <Button type="submit" loading={codeForm.submitting}>
                Verify
              </Button>
              <Button variant="default" onClick={() => void signInWithPasskey()} loading={usingPasskey}>
                Use a passkey instead
              </Button>
            </Stack>
          </form>
        </Paper>
      </Center>
    );
  }

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
            <Button variant="default" onClick={() => void signInWithPasskey()} loading={usingPasskey}>
              Sign in with a passkey
            </Button>
            {/* A server page: it works without the console, and the e-mailed link leads back to one. */}
            <Anchor href="/account/forgot-password" size="sm" ta="center">
              Forgot password?
            </Anchor>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
