import { ActionIcon, Button, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { z } from 'zod';
import { api, unwrap } from '../../api/client';
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
        permissions: z.string(),
      }),
    )
    .max(200),
});

/** Platform → Services → Register a service: its id, name, and roles with the permissions each grants. */
export default function CreateServicePage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const form = useForm({
    initialValues: { id: '', name: '', description: '', roles: [{ name: '', permissions: '' }] },
    validate: zod4Resolver(schema),
  });
  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      await unwrap(
        api.POST('/api/v1/services', {
          body: {
            id: values.id,
            name: values.name.trim(),
            description: values.description.trim(),
            roles: values.roles.map((role) => ({ name: role.name, permissions: words(role.permissions) })),
          },
        }),
      );
      await queryClient.invalidateQueries({ queryKey: ['services'] });
      void navigate('/platform/services');
    } catch (failure) {
      setError(failure);
    }
  });
  return (
    <Stack maw={720}>
      <Title order={1}>Register a service</Title>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Service id"
            description="e.g. billing; roles are written billing:<role>"
            required
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
            onClick={() => form.insertListItem('roles', { name: '', permissions: '' })}
          >
            Add a role
          </Button>
          <ApiErrorAlert error={error} title="The service was not registered" />
          <Group>
            <Button type="submit" loading={form.submitting}>
              Register service
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
