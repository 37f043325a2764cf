import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client';

/** Server state: refetched when stale, never retried on an answer the API gave on purpose (4xx). */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
      refetchOnWindowFocus: false,
    },
  },
});
