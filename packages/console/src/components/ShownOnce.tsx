import {
  Alert,
  Button,
  CopyButton,
  Group,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useState } from 'react';

export interface Secret {
  /** "API token", "Client secret", … */
  label: string;
  value: string;
}

/**
 * Secrets shown this once: each in a read-only field that can be selected, a labelled copy button with a
 * status message for screen readers, and a download and a print of the whole sheet.
 */
export function ShownOnce({
  title,
  secrets,
  details = [],
  fileName,
}: {
  title: string;
  secrets: Secret[];
  details?: { label: string; value: string }[];
  fileName: string;
}) {
  const [announcement, setAnnouncement] = useState('');
  const sheet = [
    title,
    ...details.map((d) => `${d.label}: ${d.value}`),
    ...secrets.map((s) => `${s.label}: ${s.value}`),
  ].join('\n');
  const download = () => {
    const url = URL.createObjectURL(new Blob([`${sheet}\n`], { type: 'text/plain' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    setAnnouncement(`Saved as ${fileName}`);
  };
  return (
    <Stack className="kw-print-sheet">
      <Alert color="yellow" variant="light" title="Save it now">
        This is the only time it is shown. Keyward stores only a hash: after you continue, the console shows
        the name but never the value again.
      </Alert>
      <Paper withBorder p="sm">
        <Stack gap="xs">
          <Title order={3} size="h5">
            {title}
          </Title>
          {details.map((detail) => (
            <Text key={detail.label} size="sm">
              {detail.label}: <strong>{detail.value}</strong>
            </Text>
          ))}
          {secrets.map((secret) => (
            <Group key={secret.label} align="flex-end" wrap="nowrap" gap="xs">
              <TextInput
                label={secret.label}
                value={secret.value}
                readOnly
                style={{ flex: 1, minWidth: 0 }}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                onFocus={(event) => event.currentTarget.select()}
              />
              <CopyButton value={secret.value}>
                {({ copied, copy }) => (
                  <Button
                    variant={copied ? 'filled' : 'default'}
                    color={copied ? 'teal' : undefined}
                    onClick={() => {
                      copy();
                      setAnnouncement(`${secret.label} copied to the clipboard`);
                    }}
                    aria-label={`Copy ${secret.label.toLowerCase()}`}
                  >
                    {copied ? 'Copied' : 'Copy'}
                  </Button>
                )}
              </CopyButton>
            </Group>
          ))}
        </Stack>
      </Paper>
      <Group className="kw-no-print">
        <Button variant="default" onClick={download}>
          Download
        </Button>
        <Button variant="default" onClick={() => window.print()}>
          Print
        </Button>
      </Group>
      <VisuallyHidden role="status" aria-live="polite">
        {announcement}
      </VisuallyHidden>
    </Stack>
  );
}
