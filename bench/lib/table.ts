/** Prints the scenarios' figures as one table: metric, app, baseline, app/baseline. */
type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const fmt = (v: unknown) => (v === undefined ? '' : typeof v === 'number' ? v.toLocaleString('en') : String(v));

export function tableRows(scenarios: Json): string[][] {
  const rows: string[][] = [];
  for (const [name, result] of Object.entries(scenarios)) {
    if (!isObj(result)) continue;
    const app = isObj(result.app) ? result.app : undefined;
    const base = isObj(result.baseline) ? result.baseline : undefined;
    if (app) {
      for (const [k, v] of Object.entries(app)) {
        const b = base?.[k];
        const ratio = typeof v === 'number' && typeof b === 'number' && b !== 0 ? (v / b).toFixed(2) : '';
        rows.push([name, k, fmt(v), fmt(b), ratio]);
      }
    }
    const flat = (prefix: string, v: unknown): void => {
      if (isObj(v)) for (const [k2, v2] of Object.entries(v)) flat(prefix ? `${prefix}.${k2}` : k2, v2);
      else rows.push([name, prefix, fmt(v), '', '']);
    };
    for (const [k, v] of Object.entries(result)) if (k !== 'app' && k !== 'baseline') flat(k, v);
  }
  return rows;
}

export function printTable(scenarios: Json): void {
  const rows = [['scenario', 'metric', 'app', 'baseline', 'ratio'], ...tableRows(scenarios)];
  const widths = rows[0]!.map((_, i) => Math.min(90, Math.max(...rows.map((r) => r[i]!.length))));
  for (const r of rows) console.log(r.map((c, i) => c.slice(0, 90).padEnd(widths[i]!)).join('  '));
}
