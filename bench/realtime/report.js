// Reads load.js result lines (stdin) and prints the Markdown table for BENCHMARKS.md: medians per
// system and subscriber count, and Stategrid / ShareDB ratios.
const lines = require('fs').readFileSync(0, 'utf8').trim().split('\n').filter((l) => l.startsWith('{')).map(JSON.parse);
const median = (xs) => { const s = xs.slice().sort((a, b) => a - b); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };
const groups = {};
for (const r of lines) (groups[`${r.system}/${r.subscribers}`] ??= []).push(r);
const row = (system, n) => {
  const g = groups[`${system}/${n}`] || [];
  return {ops: median(g.map((r) => r.opsPerSec)), p50: median(g.map((r) => r.p50Micros)), p99: median(g.map((r) => r.p99Micros)), runs: g.length};
};
const fmt = (x) => Math.round(x).toLocaleString('en-US');
let out = '| Subscribers | Stategrid ops/s | delivery p50 / p99 | ShareDB ops/s | delivery p50 / p99 | ops/s ratio | p99 ratio |\n|---|---|---|---|---|---|---|\n';
for (const n of [...new Set(lines.map((r) => r.subscribers))].sort((a, b) => a - b)) {
  const s = row('stategrid', n);
  const d = row('sharedb', n);
  out += `| ${n} | ${fmt(s.ops)} | ${fmt(s.p50)} / ${fmt(s.p99)} us | ${fmt(d.ops)} | ${fmt(d.p50)} / ${fmt(d.p99)} us | ${(s.ops / d.ops).toFixed(2)}x | ${(s.p99 / d.p99).toFixed(2)}x |\n`;
}
const closed = lines.filter((r) => r.closedSubscribers > 0);
if (closed.length) {
  out += `\n${closed.length} run(s) had subscribers closed by the server (slow consumer): their deliveries stop, so their figures flatter.\n`;
}
console.log(out);
