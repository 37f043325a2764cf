// Starts the first page's management-API requests as soon as index.html is read, while the console's own
// JavaScript (React, Mantine: most of the first load) is still being downloaded, parsed and run. The console's
// API client (src/api/client.ts) takes these answers instead of asking again. Loaded with `async`, so it runs the
// moment it arrives and delays nothing; without it (or signed out, or on another page) the console asks itself.
// Keep in step with src/api/session.ts (the CSRF token's storage key) and src/components/Pager.tsx (page size).
(() => {
  let signedIn = false;
  try {
    signedIn = window.localStorage.getItem('keyward.console.csrf') !== null;
  } catch {
    // no storage: the console shows the sign-in page and asks nothing
  }
  // The console's code may have run first (cached from an earlier visit, while this file is revalidated): it asks
  // itself then, and left its (empty) map here to say so.
  if (!signedIn || window.keywardEarlyAnswers) return;
  const urls = ['/api/v1/me'];
  if (/^\/console\/(account\/api-tokens\/?)?$/.test(window.location.pathname)) {
    const page = Math.max(
      1,
      Number.parseInt(new URLSearchParams(window.location.search).get('page') ?? '1', 10) || 1,
    );
    urls.push(`/api/v1/me/api-tokens?pageStart=${(page - 1) * 20 + 1}&pageLimit=20`);
  }
  const early = new Map();
  for (const url of urls) {
    const answer = fetch(url, { credentials: 'same-origin' });
    answer.catch(() => {}); // a failure is the console's to report, when it takes the answer
    early.set(url, answer);
  }
  window.keywardEarlyAnswers = early;
})();
