import { Accordion, Badge, Button, Code, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { isOperator, useMe, useServices } from '../../api/queries';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { day } from '../../components/format';

/** Platform → Services: the protected APIs with their permissions and roles (operators register them). */
export default function ServicesPage() {
  const { data: me } = useMe();
  const services = useServices();
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Services</Title>
        {isOperator(me) && (
          <Button component={Link} to="/platform/services/new">
            Register a service
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        Each service Keyward protects, with its permissions and the roles that group them. Members and tokens
        are given these roles.
      </Text>
      {services.isPending && <Loader role="status" aria-label="Loading services" />}
      <ApiErrorAlert error={services.error} />
      {services.data && services.data.length === 0 && <Text>No service is registered yet.</Text>}
      {services.data && services.data.length > 0 && (
        <Accordion variant="separated" multiple>
          {services.data.map((service) => (
            <Accordion.Item key={service.id} value={service.id}>
              <Accordion.Control>
                <Group gap="xs">
                  <Text fw={600}>{service.name}</Text>
                  <Code>{service.id}</Code>
                  <Badge variant="light" autoContrast>
                    {service.roles.length} roles
                  </Badge>
                </Group>
              </Accordion.Control>
              <Accordion.Panel>
                <Stack gap="sm">
                  {service.description && <Text size="sm">{service.description}</Text>}
                  {isOperator(me) && (
                    <Button
                      component={Link}
                      to={`/platform/services/${service.id}/edit`}
                      variant="default"
                      size="xs"
                      w="fit-content"
                      aria-label={`Edit ${service.name}`}
                    >
                      Edit
                    </Button>
                  )}
                  <Text size="xs" c="dimmed">
                    Registered {day(service.createdAt)}
                  </Text>
                  <div className="kw-table-scroll">
                    <Table miw={320} aria-label={`Roles of ${service.name}`}>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>Role</Table.Th>
                          <Table.Th>Permissions</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {service.roles.map((role) => (
                          <Table.Tr key={role.name}>
                            <Table.Td>
                              <Code>
                                {service.id}:{role.name}
                              </Code>
                              {role.description && (
                                <Text size="xs" c="dimmed">
                                  {role.description}
                                </Text>
                              )}
                            </Table.Td>
                            <Table.Td>
                              <Text size="sm">{role.permissions.join(', ') || '—'}</Text>
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </div>
                  <Text size="sm">
                    <strong>Permissions:</strong>{' '}
                    {service.permissions
                      .map((p) => (p.description ? `${p.id} (${p.description})` : p.id))
                      .join(', ') || 'none'}
                  </Text>
                </Stack>
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      )}
    </Stack>
  );
}
