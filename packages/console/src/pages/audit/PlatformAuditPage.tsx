import { Button, Group, Loader, Stack, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { Pager, usePage } from '../../components/Pager';
import { AuditTable } from './AuditTable';

/** Platform → Audit log (operators): every event, filtered by action and actor on the server. */
export default function PlatformAuditPage() {
  const [params, setParams] = useSearchParams();
  const action = params.get('action') ?? '';
  const actorId = params.get('actor') ?? '';
  const [draft, setDraft] = useState({ action, actorId });
  const { pageStart, pageLimit } = usePage();
  const events = useQuery({
    queryKey: ['audit', action, actorId, pageStart, pageLimit],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/audit-events', {
          params: {
            query: { pageStart, pageLimit, ...(action ? { action } : {}), ...(actorId ? { actorId } : {}) },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  // People are named by e-mail where the first 200 accounts tell (the events carry user ids).
  const users = useQuery({
    queryKey: ['users', 'names'],
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query: { pageStart: 1, pageLimit: 200 } } })),
  });
  const names = new Map(users.data?.results.map((u) => [u.id, u.email]));
  const nameOf = (id: string) => names.get(id) ?? `user ${id}`;
  const apply = (event: React.FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (draft.action.trim()) next.set('action', draft.action.trim());
    if (draft.actorId.trim()) next.set('actor', draft.actorId.trim());
    setParams(next);
  };
  return (
    <Stack>
      <Title order={1}>Audit log (all organizations)</Title>
      <form onSubmit={apply}>
        <Group align="flex-end" gap="sm">
          <TextInput
            label="Action"
            placeholder="api_token.created"
            value={draft.action}
            onChange={(e) => setDraft({ ...draft, action: e.currentTarget.value })}
          />
          <TextInput
            label="Actor id"
            description="A user id, app id or e-mail (failed sign-ins)"
            value={draft.actorId}
            onChange={(e) => setDraft({ ...draft, actorId: e.currentTarget.value })}
          />
          <Button type="submit">Filter</Button>
          {(action || actorId) && (
            <Button
              variant="default"
              onClick={() => {
                setDraft({ action: '', actorId: '' });
                setParams(new URLSearchParams());
              }}
            >
              Clear
            </Button>
          )}
        </Group>
      </form>
      {events.isPending && <Loader aria-label="Loading events" />}
      <ApiErrorAlert error={events.error} />
      {events.data && (
        <>
          <AuditTable events={events.data.results} nameOf={nameOf} />
          <Pager total={events.data.totalResults} label="events" />
        </>
      )}
    </Stack>
  );
}
