/**
 * Owns one xterm.js terminal and the exec session running in it, for as long as the
 * container is mounted: fit (the container's size decides cols × rows, so window and panel
 * resizes reach the server as `tty_size`), clickable links, search in scrollback, a theme
 * that follows the app's, and copy/paste keys (Ctrl+Shift+C / Ctrl+Shift+V, and Ctrl+C
 * copies when there is a selection). StrictMode's double effect opens and closes a first
 * socket, which Nomad treats as a benign close.
 */
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useTheme } from '@/lib/use-theme.ts';
import { TerminalSession, type SessionSpec, type SessionView } from '../lib/terminal-session.ts';

export const SCROLLBACK_LINES = 50_000;

const THEMES: Record<'light' | 'dark', ITheme> = {
  dark: {
    background: '#09090b',
    foreground: '#e4e4e7',
    cursor: '#5eead4',
    selectionBackground: '#115e5999',
    red: '#f87171',
    brightRed: '#fca5a5',
    yellow: '#facc15',
  },
  light: {
    background: '#fafafa',
    foreground: '#18181b',
    cursor: '#0f766e',
    cursorAccent: '#fafafa',
    selectionBackground: '#99f6e4aa',
    red: '#b91c1c',
    brightRed: '#dc2626',
    yellow: '#a16207',
    brightWhite: '#52525b',
    white: '#71717a',
  },
};

interface Live {
  term: Terminal;
  search: SearchAddon;
  session: TerminalSession;
}

export interface ExecTerminalActions {
  copySelection(): Promise<void>;
  paste(): Promise<void>;
  find(query: string, backwards: boolean): boolean;
  clearSearch(): void;
  reconnect(): void;
  focus(): void;
}

const SEARCH_DECORATIONS = {
  matchBackground: '#facc1566',
  activeMatchBackground: '#f97316',
  matchOverviewRuler: '#facc15',
  activeMatchColorOverviewRuler: '#f97316',
};

const INITIAL: SessionView = { state: { phase: 'connecting' }, command: [], summary: null, live: true };

export function useExecTerminal(
  container: RefObject<HTMLDivElement | null>,
  spec: SessionSpec,
): { view: SessionView; actions: ExecTerminalActions } {
  const live = useRef<Live | null>(null);
  const [view, setView] = useState<SessionView>({ ...INITIAL, command: spec.command });
  const { theme } = useTheme();
  const themeRef = useRef(theme);
  const { allocId, task, tty, region, namespace, driver } = spec;
  const commandKey = JSON.stringify(spec.command);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const term = new Terminal({
      scrollback: SCROLLBACK_LINES,
      // Without a tty nothing turns \n into \r\n; the terminal must.
      convertEol: !tty,
      cursorBlink: true,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
      fontSize: 13,
      theme: THEMES[themeRef.current],
      allowProposedApi: true,
    });
    const fit = new FitAddon();
    const search = new SearchAddon();
    term.loadAddon(fit);
    term.loadAddon(search);
    term.loadAddon(new WebLinksAddon());
    term.open(el);
    term.attachCustomKeyEventHandler((ev) => {
      if (ev.type !== 'keydown') return true;
      const key = ev.key.toLowerCase();
      if (ev.ctrlKey && ev.shiftKey && key === 'c') {
        void copyFrom(term);
        return false;
      }
      if (ev.ctrlKey && ev.shiftKey && key === 'v') {
        void pasteInto(term);
        return false;
      }
      // Like most terminal apps: Ctrl+C copies a selection, and only interrupts without one.
      if (ev.ctrlKey && !ev.shiftKey && key === 'c' && term.hasSelection()) {
        void copyFrom(term);
        term.clearSelection();
        return false;
      }
      return true;
    });

    const publishSize = () => {
      el.setAttribute('data-cols', String(term.cols));
      el.setAttribute('data-rows', String(term.rows));
    };
    const sizeListener = term.onResize(publishSize);
    let frame: number | null = null;
    // A hidden tab has no size; fitting it would shrink the terminal to nothing.
    const fitNow = () => {
      if (el.clientWidth > 0 && el.clientHeight > 0) fit.fit();
    };
    const observer = new ResizeObserver(() => {
      if (frame !== null) return;
      frame = requestAnimationFrame(() => {
        frame = null;
        fitNow();
      });
    });
    observer.observe(el);
    fitNow();
    publishSize();

    const session = new TerminalSession(term, {
      allocId,
      task,
      tty,
      region,
      namespace,
      driver,
      command: JSON.parse(commandKey) as string[],
    });
    const unsubscribe = session.subscribe(() => setView(session.snapshot()));
    live.current = { term, search, session };
    session.start();
    return () => {
      live.current = null;
      unsubscribe();
      session.dispose();
      observer.disconnect();
      if (frame !== null) cancelAnimationFrame(frame);
      sizeListener.dispose();
      term.dispose();
    };
  }, [container, allocId, task, tty, region, namespace, driver, commandKey]);

  useEffect(() => {
    themeRef.current = theme;
    const current = live.current;
    if (current) current.term.options.theme = THEMES[theme];
  }, [theme]);

  const actions = useMemo<ExecTerminalActions>(
    () => ({
      copySelection: async () => {
        if (live.current) await copyFrom(live.current.term);
      },
      paste: async () => {
        if (live.current) await pasteInto(live.current.term);
      },
      find: (query, backwards) => {
        const search = live.current?.search;
        if (!search || !query) return false;
        const opts = { caseSensitive: false, decorations: SEARCH_DECORATIONS };
        return backwards ? search.findPrevious(query, opts) : search.findNext(query, opts);
      },
      clearSearch: () => live.current?.search.clearDecorations(),
      reconnect: () => {
        live.current?.session.reconnect();
        live.current?.term.focus();
      },
      focus: () => live.current?.term.focus(),
    }),
    [],
  );
  return { view, actions };
}

async function copyFrom(term: Terminal): Promise<void> {
  const text = term.getSelection();
  if (text) await navigator.clipboard?.writeText(text).catch(() => {});
}

async function pasteInto(term: Terminal): Promise<void> {
  const text = await navigator.clipboard?.readText().catch(() => '');
  // paste() wraps the text in bracketed-paste markers when the program asked for them.
  if (text) term.paste(text);
  term.focus();
}
