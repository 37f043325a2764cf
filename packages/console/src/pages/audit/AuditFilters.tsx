import { Button, Group, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useSearchParams } from 'react-router';

/** The filters both audit lists send to the server (GET …/audit-events): exact ids and a range of days. */
export interface AuditQuery {
  action?: string;
  actorId?: string;
  targetId?: string;
  /** ISO 8601: the first day's start (UTC), inclusive. */
  from?: string;
  /** ISO 8601: the day after the last day (UTC), exclusive. */
  to?: string;
}

const FIELDS = ['action', 'actor', 'target', 'from', 'to'] as const;
type Field = (typeof FIELDS)[number];

/** The filters in the URL (so a reload or a shared link keeps them), as the API's query. */
export function useAuditQuery(): AuditQuery {
  const [params] = useSearchParams();
  const get = (field: Field) => params.get(field)?.trim() || undefined;
  const from = get('from');
  const to = get('to');
  const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString();
  return {
    ...(get('action') ? { action: get('action') } : {}),
    ...(get('actor') ? { actorId: get('actor') } : {}),
    ...(get('target') ? { targetId: get('target') } : {}),
    ...(from && !Number.isNaN(Date.parse(from)) ? { from: new Date(`${from}T00:00:00Z`).toISOString() } : {}),
    ...(to && !Number.isNaN(Date.parse(to)) ? { to: nextDay(to) } : {}),
  };
}

/**
 * Filter controls: action, actor and target (an e-mail the page knows is sent as its user id; anything else as
 * typed: an app id, a token id), and the first and last day (UTC). Applying them starts at the first page.
 */
export function AuditFilters({ idOf }: { idOf: (text: string) => string }) {
  const [params, setParams] = useSearchParams();
  const current = Object.fromEntries(FIELDS.map((field) => [field, params.get(field) ?? ''])) as Record<
    Field,
    string
  >;
  const [draft, setDraft] = useState(current);
  const filtered = FIELDS.some((field) => current[field] !== '');
  const input = (field: Field) => ({
    value: draft[field],
    onChange: (event: React.ChangeEvent<HTMLInputElement>) =>
      setDraft({ ...draft, [field]: event.currentTarget.value }),
  });
  const apply = (event: React.FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const field of FIELDS) {
      const value = draft[field].trim();
      if (value) next.set(field, field === 'actor' || field === 'target' ? idOf(value) : value);
    }
    setParams(next);
  };
  return (
    <form onSubmit={apply} aria-label="Filter the audit log">
      <Group align="flex-end" gap="sm">
        <TextInput label="Action" placeholder="api_token.created" {...input('action')} />
        <TextInput label="Actor" placeholder="E-mail or id" {...input('actor')} />
        <TextInput label="Target" placeholder="E-mail or id" {...input('target')} />
        <TextInput label="From" type="date" {...input('from')} />
        <TextInput label="To" type="date" {...input('to')} />
        <Button type="submit">Filter</Button>
        {filtered && (
          <Button
            variant="default"
            onClick={() => {
              setDraft({ action: '', actor: '', target: '', from: '', to: '' });
              setParams(new URLSearchParams());
            }}
          >
            Clear
          </Button>
        )}
      </Group>
    </form>
  );
}
