import { NodesPage } from '@/features/nodes/components/nodes-page.tsx';
import { paths } from '../paths.ts';
import { useScope } from '../scope.ts';

export function NodesRoute() {
  const { region } = useScope();
  return <NodesPage region={region} nodeHref={(id) => paths.node.getHref(id, { region })} />;
}
