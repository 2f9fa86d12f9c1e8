/**
 * The XSS corpus: strings a hostile or careless cluster user can put into anything the
 * console shows. Each payload, if it were ever parsed as HTML, an attribute or a URL,
 * would set `window.__xss` and open a dialog, and inline script would also trip the page's
 * CSP; the e2e spec watches all three. Everything here must appear on screen as text.
 *
 * Names used as file or directory names (task names, file names) cannot contain `/`
 * (a path separator in the allocation directory and in Nomad's own validation), and job
 * IDs cannot contain spaces (Nomad: "job ID contains a space"), so those pick from the
 * variants below that fit.
 */

/** What an executed payload does; the e2e spec checks `window.__xss` stayed undefined. */
export const XSS_EFFECT = 'window.__xss=1;alert(1)';

export const HOSTILE = {
  script: `<script>${XSS_EFFECT}</script>`,
  img: `<img src=x onerror="${XSS_EFFECT}">`,
  svg: `<svg onload="${XSS_EFFECT}"><circle r="9"></circle></svg>`,
  /** A `javascript:` URL: harmless as text, dangerous as an href. */
  jsUrl: `javascript:${XSS_EFFECT}`,
  iframe: `<iframe srcdoc="<script>${XSS_EFFECT}</script>"></iframe>`,
  /** Entities must stay literally `&lt;` on screen: decoding them would mean HTML parsing. */
  entities: '&lt;b&gt;not bold&lt;/b&gt; &amp;amp; &#60;i&#62;',
  /** U+202E RIGHT-TO-LEFT OVERRIDE: `invoice‮fdp.exe` looks like `invoiceexe.pdf`. */
  bidi: 'invoice\u202Efdp.exe',
  /** Zero-width space, joiner and BOM inside a word. */
  zeroWidth: 'ad\u200Bmi\u200Dn\uFEFF',
  /** A style tag would load a stylesheet from elsewhere (a CSP violation) if parsed. */
  style: '<style>@import url(https://evil.invalid/x.css)</style>',
  /** Template-injection shapes for frameworks that interpolate. */
  template: '{{constructor.constructor("window.__xss=1")()}} ${window.__xss=1}',
} as const;

/** Without `/`: for task, group, node and file names. */
export const HOSTILE_NAME = `<img src=x onerror=${XSS_EFFECT}>`;
/** Without spaces or `/`: a legal Nomad job ID. */
export const HOSTILE_JOB_ID = `xss-"><svg\tonload=${XSS_EFFECT}>`;
export const HOSTILE_NODE_NAME = `<svg onload=${XSS_EFFECT}>`;
export const HOSTILE_TASK = HOSTILE_NAME;
export const HOSTILE_FILE_NAME = `<img src=x onerror=${XSS_EFFECT}>.html`;
export const HOSTILE_SVG_FILE = 'payload.svg';
export const ONE_MB_LINE_FILE = 'one-mb-line.txt';
export const HOSTILE_TEXT_FILE = 'xss.txt';
export const HOSTILE_ANSI_FILE = 'ansi.log';
export const HOSTILE_DATACENTER = 'dc-hostile';

/** One line per payload; the e2e spec looks for several of them as text. */
export const HOSTILE_LINES: readonly string[] = Object.entries(HOSTILE).map(([k, v]) => `${k}: ${v}`);

/** Metadata (job and node): hostile keys and values. */
export const HOSTILE_META: Readonly<Record<string, string>> = {
  [HOSTILE.script]: 'key-is-a-script',
  'value-is-img': HOSTILE.img,
  'value-is-js-url': HOSTILE.jsUrl,
  'value-is-svg': HOSTILE.svg,
  'value-is-bidi': HOSTILE.bidi,
  'value-is-zero-width': HOSTILE.zeroWidth,
  'value-is-entities': HOSTILE.entities,
};

/** A single line of exactly 1 MiB plus its newline, ending in a payload. */
export function oneMegabyteLine(): string {
  const tail = ` end ${HOSTILE.img}`;
  return `${'0123456789abcdef'.repeat(65_536).slice(0, 1024 * 1024 - tail.length)}${tail}\n`;
}

/** An SVG document with script and handlers: safe only when shown as text or as an <img>. */
export const HOSTILE_SVG = `<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" onload="${XSS_EFFECT}">
  <script>${XSS_EFFECT}</script>
  <rect width="40" height="40" fill="red"/>
</svg>
`;

/** The record of the hostile log that is a 1 MiB line. */
export const ONE_MB_LOG_RECORD = 180;

/** The hostile log: payloads, payloads wrapped in ANSI colours, OSC 8 hyperlinks, and one 1 MiB line. */
export function hostileLogLine(k: number): string {
  const line = HOSTILE_LINES[k % HOSTILE_LINES.length]!;
  const ts = new Date(Date.UTC(2026, 0, 1, 0, 0, 0, k * 10)).toISOString();
  if (k === ONE_MB_LOG_RECORD) return `${ts} DEBUG ${oneMegabyteLine()}`;
  if (k % 5 === 3) return `\x1b[31m${ts} ERROR\x1b[0m ${line}\n`;
  if (k % 7 === 6) return `${ts} INFO \x1b]8;;${HOSTILE.jsUrl}\x1b\\click me\x1b]8;;\x1b\\ ${line}\n`;
  return `${ts} INFO ${line}\n`;
}
