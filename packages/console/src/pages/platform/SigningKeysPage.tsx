import { Badge, Code, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { ConfirmButton } from '../../components/ConfirmButton';
import { when } from '../../components/format';

/** Platform → Signing keys: the keys Keyward signs its tokens with; rotate (operators). */
export default function SigningKeysPage() {
  const queryClient = useQueryClient();
  const keys = useQuery({
    queryKey: ['signing-keys'],
    queryFn: () => unwrap(api.GET('/api/v1/signing-keys')),
  });
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Signing keys</Title>
        <ConfirmButton
          size="sm"
          color="indigo"
          variant="filled"
          title="Rotate the signing key?"
          message="A new key signs every token from now on, on every node within seconds. The current key stops signing but stays published, so the tokens it signed keep working until they expire (24 hours at most)."
          confirmLabel="Rotate key"
          onConfirm={async () => {
            const key = await unwrap(api.POST('/api/v1/signing-keys/rotate'));
            notifications.show({ color: 'teal', message: `New signing key ${key.kid} is active` });
            await queryClient.invalidateQueries({ queryKey: ['signing-keys'] });
          }}
        >
          Rotate the signing key
        </ConfirmButton>
      </Group>
      <Text size="sm" c="dimmed">
        The active key signs Keyward’s tokens; retired keys stay in the JWKS (/oauth/jwks) until every token
        they signed has expired. Private keys never leave the server.
      </Text>
      {keys.isPending && <Loader role="status" aria-label="Loading signing keys" />}
      <ApiErrorAlert error={keys.error} />
      {keys.data && (
        <div className="kw-table-scroll">
          <Table striped miw={720} aria-label="Signing keys">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Key id</Table.Th>
                <Table.Th>Algorithm</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Retired</Table.Th>
                <Table.Th>Published until</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.data.keys.map((key) => (
                <Table.Tr key={key.kid}>
                  <Table.Td>
                    <Code>{key.kid}</Code>
                  </Table.Td>
                  <Table.Td>{key.alg}</Table.Td>
                  <Table.Td>
                    <Badge color={key.state === 'active' ? 'teal' : 'gray'} variant="light" autoContrast>
                      {key.state === 'active' ? 'Active' : 'Retired'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{when(key.createdAt)}</Table.Td>
                  <Table.Td>{when(key.retiredAt, '—')}</Table.Td>
                  <Table.Td>{when(key.publishedUntil, 'While active')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
    </Stack>
  );
}
