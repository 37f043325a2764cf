import { Alert, Button, Code, Container, Stack, Text, Title } from '@mantine/core';
import { Component, type ReactNode } from 'react';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { ApiErrorAlert } from './ApiErrorAlert';

/** Whatever breaks while rendering a page is shown with a way out, never as a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override render() {
    if (this.state.error) return <ErrorPanel error={this.state.error} />;
    return this.props.children;
  }
}

/** The router's error element: a failed lazy page load, a render error, an unknown route. */
export function RouteError() {
  const error = useRouteError();
  return <ErrorPanel error={error} />;
}

function ErrorPanel({ error }: { error: unknown }) {
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <Container size="sm" py="xl">
        <Title order={1} size="h2">
          Page not found
        </Title>
        <Text mt="sm">The console has no page at this address.</Text>
        <Button component="a" href="/console/" mt="md">
          Go to the console
        </Button>
      </Container>
    );
  }
  return (
    <Container size="sm" py="xl">
      <Stack>
        <Title order={1} size="h2">
          Something went wrong
        </Title>
        {error instanceof Error && error.name === 'ApiError' ? (
          <ApiErrorAlert error={error} />
        ) : (
          <Alert color="red" title="This page could not be shown" role="alert">
            <Code block>{error instanceof Error ? error.message : String(error)}</Code>
          </Alert>
        )}
        <Text size="sm">Reload the page to try again; the management API at /api/v1 is unaffected.</Text>
        <Button onClick={() => window.location.reload()} w="fit-content">
          Reload
        </Button>
      </Stack>
    </Container>
  );
}
