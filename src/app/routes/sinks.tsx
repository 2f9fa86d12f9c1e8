import { SinksPage } from '@/features/sinks/components/sinks-page.tsx';

export function SinksRoute() {
  return (
    <>
      <title>Sinks · nomad-live</title>
      <SinksPage />
    </>
  );
}
