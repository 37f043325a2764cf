import { Alert, Code, Text } from '@mantine/core';
import { ApiError } from '../api/client';

/** An error as the API gave it: its message, its code, and the request id to quote to an operator. */
export function ApiErrorAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Alert color="red" variant="light" title={title ?? 'The request failed'} role="alert">
      <Text size="sm">{capitalize(message)}</Text>
      {apiError && (
        <Text size="xs" mt={4} c="dimmed">
          Code <Code>{apiError.code}</Code>
          {apiError.requestId && (
            <>
              {' · '}request id <Code>{apiError.requestId}</Code>
            </>
          )}
        </Text>
      )}
    </Alert>
  );
}

function capitalize(text: string): string {
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
