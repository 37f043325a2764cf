import { Button, type ButtonProps, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { type ReactNode, useState } from 'react';
import { ApiErrorAlert } from './ApiErrorAlert';

interface ConfirmButtonProps extends ButtonProps {
  /** The button's label, e.g. "Revoke". */
  children: ReactNode;
  /** Accessible name when the label alone is ambiguous in a table row, e.g. "Revoke token ci". */
  'aria-label'?: string;
  /** The dialog's title, naming what is destroyed: "Revoke the API token “ci”?" */
  title: string;
  /** What happens, in words. */
  message: ReactNode;
  /** The confirming button's label, e.g. "Revoke token". */
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
}

/** A destructive action behind a dialog that names what it destroys; the API's error shows in the dialog. */
export function ConfirmButton({
  title,
  message,
  confirmLabel,
  onConfirm,
  children,
  ...button
}: ConfirmButtonProps) {
  const [opened, { open, close }] = useDisclosure(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      close();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button color="red" variant="light" size="xs" {...button} onClick={open}>
        {children}
      </Button>
      <Modal opened={opened} onClose={close} title={title} centered>
        <Stack>
          <Text size="sm">{message}</Text>
          <ApiErrorAlert error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button color="red" loading={busy} onClick={confirm} data-autofocus>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
