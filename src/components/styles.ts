/** Shared Tailwind class strings for form controls and buttons, so every page looks alike. */

export const controlClass =
  'rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm text-zinc-900 shadow-xs ' +
  'focus-visible:border-teal-600 disabled:opacity-60 ' +
  'dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:focus-visible:border-teal-400';

export const buttonClass =
  'inline-flex items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium ' +
  'text-zinc-800 shadow-xs hover:bg-zinc-100 disabled:cursor-not-allowed disabled:opacity-60 ' +
  'dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800';

export const primaryButtonClass =
  'inline-flex items-center gap-1.5 rounded-md border border-teal-700 bg-teal-700 px-3 py-1.5 text-sm font-medium ' +
  'text-white shadow-xs hover:bg-teal-800 disabled:cursor-not-allowed disabled:opacity-60 ' +
  'dark:border-teal-500 dark:bg-teal-600 dark:hover:bg-teal-500';

export const linkClass = 'font-medium text-teal-700 underline-offset-2 hover:underline dark:text-teal-300';

export const dangerButtonClass =
  'inline-flex items-center gap-1.5 rounded-md border border-red-700 bg-red-700 px-3 py-1.5 text-sm font-medium ' +
  'text-white shadow-xs hover:bg-red-800 disabled:cursor-not-allowed disabled:opacity-60 ' +
  'dark:border-red-500 dark:bg-red-600 dark:hover:bg-red-500';

export const labelClass = 'text-xs font-medium text-zinc-600 dark:text-zinc-400';
