// A hand-written SVG bar chart of the ratio targets of a run: one horizontal bar per ratio, its target drawn
// as a tick across the bar, green when met, red when missed, grey when a measurement FAILED; context bars
// (no target) in blue.
const escapeXml = (text) =>
  String(text).replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]);

export function ratioChart(goals, title, context = []) {
  const bars = [...goals.filter((goal) => goal.kind === 'ratio'), ...context];
  const label = 430;
  const plot = 520;
  const row = 26;
  const top = 48;
  const width = label + plot + 70;
  const height = top + bars.length * row + 40;
  const max = Math.max(3.5, ...bars.map((bar) => bar.value * 1.1));
  const x = (value) => label + (Math.min(value, max) / max) * plot;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${width / 2}" y="37" text-anchor="middle" fill="#555">bar: ratio of median req/s; black tick: target (green met, red missed, grey FAILED run; blue: context)</text>`,
  ];
  for (let tick = 0; tick <= max; tick += 0.5) {
    parts.push(
      `<line x1="${x(tick)}" y1="${top - 4}" x2="${x(tick)}" y2="${top + bars.length * row}" stroke="#eee"/>`,
      `<text x="${x(tick)}" y="${top + bars.length * row + 14}" text-anchor="middle" fill="#777">${tick}×</text>`,
    );
  }
  bars.forEach((bar, i) => {
    const y = top + i * row;
    const colour =
      bar.target === undefined ? '#1565c0' : bar.invalid ? '#999' : bar.pass ? '#2e7d32' : '#c62828';
    const end = Math.max(x(bar.value), bar.target === undefined ? 0 : x(bar.target));
    parts.push(
      `<text x="${label - 8}" y="${y + 16}" text-anchor="end">${escapeXml(bar.label)}</text>`,
      `<rect x="${label}" y="${y + 5}" width="${Math.max(1, x(bar.value) - label)}" height="${row - 10}" fill="${colour}"/>`,
      bar.target === undefined
        ? ''
        : `<line x1="${x(bar.target)}" y1="${y + 1}" x2="${x(bar.target)}" y2="${y + row - 1}" stroke="#000" stroke-width="2"/>`,
      `<text x="${end + 5}" y="${y + 16}">${bar.value.toFixed(2)}×${bar.target === undefined ? ' (context, no target)' : ` (≥ ${bar.target})`}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
