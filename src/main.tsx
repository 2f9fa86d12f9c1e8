import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '@/app/app.tsx';
import { preloadLandingPage } from '@/app/router.tsx';
import { startTheme } from '@/lib/theme.ts';
import './index.css';

startTheme();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// A failed preload renders anyway: the route's error element then reports the chunk error.
void preloadLandingPage(location.pathname).then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
