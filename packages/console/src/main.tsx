import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './console.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { meQuery, myApiTokensQuery } from './api/queries';
import { storedCsrfToken } from './api/session';
import { queryClient } from './app/query-client';
import { router } from './app/routes';
import { cssVariablesResolver, theme } from './app/theme';
import { pageOf } from './components/Pager';

// Who is signed in is needed by every page: ask while the page's own code is still loading. On the landing page
// (My Account → API Tokens, where `/console/` leads) ask for its list at the same time, not after the first render.
if (storedCsrfToken() !== null) {
  void queryClient.prefetchQuery(meQuery);
  if (/^\/console\/(account\/api-tokens\/?)?$/.test(window.location.pathname)) {
    const { pageStart, pageLimit } = pageOf(new URLSearchParams(window.location.search));
    void queryClient.prefetchQuery(myApiTokensQuery(pageStart, pageLimit));
  }
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
