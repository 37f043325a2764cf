import { Code, Table, Text } from '@mantine/core';
import type { AuditEvent } from '../../api/types';
import { when } from '../../components/format';
import { describeEvent, type NameOf } from './describe';

/** Audit events, newest first, each in words with its action code, source address and request id. */
export function AuditTable({ events, nameOf }: { events: AuditEvent[]; nameOf?: NameOf }) {
  return (
    <div className="kw-table-scroll">
      <Table striped miw={760} aria-label="Audit events">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={170}>When</Table.Th>
            <Table.Th>What happened</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>From</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((event) => (
            <Table.Tr key={event.id}>
              <Table.Td>{when(event.at)}</Table.Td>
              <Table.Td>
                <Text size="sm">{describeEvent(event, nameOf)}</Text>
                {typeof event.details.via === 'string' && (
                  <Text size="xs" c="dimmed">
                    with a {event.details.via.replaceAll('_', ' ')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Code>{event.action}</Code>
              </Table.Td>
              <Table.Td>
                <Text size="xs">{event.ip ?? '—'}</Text>
                {event.requestId && (
                  <Text size="xs" c="dimmed">
                    request {event.requestId.slice(0, 8)}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
