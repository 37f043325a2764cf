import type { SoakReport } from './run.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const counts = (record: Record<string, number>) =>
  Object.entries(record)
    .filter(([, count]) => count > 0)
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');

/** The report as a person reads it: what ran, how much, and every problem with what it takes to reproduce it. */
export function formatSummary(report: SoakReport, replay: (index: number) => string): string {
  const lines: string[] = ['', `Keyward soak, seed ${report.seed}, ${seconds(report.durationMs)}`];
  for (const fuzz of report.fuzz) {
    lines.push(
      '',
      `fuzz on ${fuzz.database}: ${fuzz.cases} requests at ${fuzz.routes} routes in ${seconds(fuzz.durationMs)}`,
      `  by family: ${counts(fuzz.byFamily)}`,
      `  outcomes:  ${counts(fuzz.outcomes)}`,
      ...(Object.keys(fuzz.healed).length > 0 ? [`  restored between batches: ${counts(fuzz.healed)}`] : []),
      ...fuzz.notes.slice(0, 10).map((note) => `  note: ${note}`),
      `  ${fuzz.failures.length === 0 ? 'no 5xx, no hang, no error in the server log' : `${fuzz.failures.length} PROBLEM(S):`}`,
    );
    for (const failure of fuzz.failures.slice(0, 20)) {
      lines.push(
        `  - ${failure.problem}`,
        `    case ${failure.index ?? '-'}: ${failure.route}${failure.mutations.length ? ` [${failure.mutations.join(', ')}]` : ''}`,
        ...(failure.index !== null ? [`    replay: ${replay(failure.index)}`] : []),
        ...(failure.request
          ? failure.request
              .split('\n')
              .slice(0, 14)
              .map((line) => `    | ${line}`)
          : []),
      );
    }
    if (fuzz.failures.length > 20) lines.push(`  … and ${fuzz.failures.length - 20} more`);
  }
  for (const kill of report.kill) {
    const total = Object.values(kill.issued).reduce((sum, n) => sum + n, 0);
    lines.push(
      '',
      `kill -9 on ${kill.database}: ${kill.cycles} cycles, ${kill.operations} operations, ${seconds(kill.durationMs)}`,
      `  credentials answered 2xx: ${total} (${counts(kill.issued)})`,
      `  checks after restarts: ${kill.checks}`,
      ...(kill.integrity.length > 0
        ? [
            `  integrity_check: ${kill.integrity.filter((line) => line === 'ok').length}/${kill.integrity.length} ok`,
          ]
        : []),
      `  ${kill.failures.length === 0 ? 'every credential kept its promise' : `${kill.failures.length} PROBLEM(S):`}`,
      ...kill.failures.slice(0, 30).map((failure) => `  - ${failure}`),
    );
    if (kill.failures.length > 30) lines.push(`  … and ${kill.failures.length - 30} more`);
  }
  if (report.scan) {
    const scan = report.scan;
    const megabytes = scan.sources.reduce((sum, source) => sum + source.bytes, 0) / 1e6;
    lines.push(
      '',
      `secret scan: ${scan.secrets} secrets (${counts(scan.byKind)})`,
      `  searched ${scan.sources.length} dumps and logs (${megabytes.toFixed(1)} MB) in ${seconds(scan.durationMs)}`,
      `  ${scan.findings.length === 0 ? 'no secret in clear anywhere' : `${scan.findings.length} SECRET(S) FOUND:`}`,
      ...scan.findings
        .slice(0, 30)
        .map(
          (finding) =>
            `  - ${finding.kind} (${finding.origin}) ${finding.as} in ${finding.source}: …${finding.context}…`,
        ),
    );
  }
  for (const error of report.errors) lines.push('', `ERROR ${error}`);
  for (const kept of report.kept) lines.push(`kept ${kept}`);
  lines.push('', report.problems === 0 ? 'PASS' : `FAIL: ${report.problems} problem(s)`, '');
  return lines.join('\n');
}
