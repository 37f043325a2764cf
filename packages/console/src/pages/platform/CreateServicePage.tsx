import {
  ActionIcon,
  Button,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { z } from 'zod';
import { api, unwrap } from '../../api/client';
import type { Service } from '../../api/types';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';

const words = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((word) => word.trim())
    .filter(Boolean);

const schema = z.object({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,62}$/, 'Lower-case letters, digits and dashes, starting with a letter'),
  name: z.string().trim().min(1, 'Give the service a name').max(128),
  description: z.string().max(1000),
  roles: z
    .array(
      z.object({
        name: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'Letters, digits, “.”, “_” or “-”'),
        description: z.string().max(500),
        permissions: z.string(),
      }),
    )
    .max(200),
});

/**
 * Platform → Services → Register a service (its id, name, and roles with the permissions each grants), and
 * Edit a service (/platform/services/{id}/edit): the same form, the id fixed.
 */
export default function CreateServicePage() {
  const { serviceId } = useParams();
  const existing = useQuery({
    queryKey: ['services', 'one', serviceId],
    enabled: serviceId !== undefined,
    queryFn: () =>
      unwrap(api.GET('/api/v1/services/{serviceId}', { params: { path: { serviceId: serviceId ?? '' } } })),
  });
  if (serviceId === undefined) return <ServiceForm />;
  if (existing.error) return <ApiErrorAlert error={existing.error} />;
  if (!existing.data) return <Loader role="status" aria-label="Loading the service" />;
  return <ServiceForm existing={existing.data} />;
}

/** A role's permissions as typed: without the service's prefix (`read write`). */
const unqualified = (service: Service, permissions: string[]) =>
  permissions.map((p) => (p.startsWith(`${service.id}:`) ? p.slice(service.id.length + 1) : p)).join(' ');

function ServiceForm({ existing }: { existing?: Service }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const form = useForm({
    initialValues: existing
      ? {
          id: existing.id,
          name: existing.name,
          description: existing.description,
          roles: existing.roles.map((role) => ({
            name: role.name,
            description: role.description,
            permissions: unqualified(existing, role.permissions),
          })),
        }
      : { id: '', name: '', description: '', roles: [{ name: '', description: '', permissions: '' }] },
    validate: zod4Resolver(schema),
  });
  const submit = form.onSubmit(async (values) => {
    setError(null);
    const roles = values.roles.map((role) => ({
      name: role.name,
      ...(role.description ? { description: role.description } : {}),
      permissions: words(role.permissions),
    }));
    try {
      if (existing) {
        await unwrap(
          api.PATCH('/api/v1/services/{serviceId}', {
            params: { path: { serviceId: existing.id } },
            body: { name: values.name.trim(), description: values.description.trim(), roles },
          }),
        );
      } else {
        await unwrap(
          api.POST('/api/v1/services', {
            body: {
              id: values.id,
              name: values.name.trim(),
              description: values.description.trim(),
              roles,
            },
          }),
        );
      }
      await queryClient.invalidateQueries({ queryKey: ['services'] });
      void navigate('/platform/services');
    } catch (failure) {
      setError(failure);
    }
  });
  return (
    <Stack maw={720}>
      <Title order={1}>{existing ? `Edit the service ${existing.name}` : 'Register a service'}</Title>
      {existing && (
        <Text size="sm" c="dimmed">
          A role’s permissions apply to its holders from their next token on. A role that members or apps
          still hold cannot be removed: take it from them first.
        </Text>
      )}
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Service id"
            description={
              existing ? 'Fixed once registered' : 'e.g. billing; roles are written billing:<role>'
            }
            required
            disabled={existing !== undefined}
            {...form.getInputProps('id')}
          />
          <TextInput label="Name" required {...form.getInputProps('name')} />
          <Textarea label="Description" autosize {...form.getInputProps('description')} />
          <Text fw={500} size="sm">
            Roles
          </Text>
          {form.values.roles.map((_role, index) => (
            <Paper key={form.key(`roles.${index}`)} withBorder p="sm">
              <Group align="flex-start" wrap="wrap">
                <TextInput
                  label={`Role ${index + 1} name`}
                  required
                  {...form.getInputProps(`roles.${index}.name`)}
                  w={200}
                />
                <TextInput
                  label={`Role ${index + 1} permissions`}
                  description="Separated by spaces or commas, e.g. read write"
                  {...form.getInputProps(`roles.${index}.permissions`)}
                  style={{ flex: 1, minWidth: 200 }}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  mt={26}
                  aria-label={`Remove role ${index + 1}`}
                  onClick={() => form.removeListItem('roles', index)}
                >
                  ×
                </ActionIcon>
              </Group>
            </Paper>
          ))}
          <Button
            variant="default"
            w="fit-content"
            onClick={() => form.insertListItem('roles', { name: '', description: '', permissions: '' })}
          >
            Add a role
          </Button>
          <ApiErrorAlert
            error={error}
            title={existing ? 'The service was not changed' : 'The service was not registered'}
          />
          <Group>
            <Button type="submit" loading={form.submitting}>
              {existing ? 'Save changes' : 'Register service'}
            </Button>
            <Button variant="default" component={Link} to="/platform/services">
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
