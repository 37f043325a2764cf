import { Button, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

export default function NotFoundPage() {
  return (
    <Stack>
      <Title order={1}>Page not found</Title>
      <Text>The console has no page at this address.</Text>
      <Button component={Link} to="/account/api-tokens" w="fit-content">
        Go to your API tokens
      </Button>
    </Stack>
  );
}
