import { useLocation, useParams } from 'react-router';
import { FilesPage } from '@/features/files/components/files-page.tsx';
import { paths } from '../paths.ts';
import { useScope } from '../scope.ts';
import { WithAllocation } from './with-allocation.tsx';

export function AllocationFilesRoute() {
  const { id = '', '*': splat = '' } = useParams();
  const { region } = useScope();
  const { search } = useLocation();
  const path = splat.split('/').filter(Boolean).join('/');
  const rest = splat ? `/${splat}` : '';
  return (
    <WithAllocation
      id={id}
      region={region}
      fullHref={(fullId) => `${paths.allocation.getHref(fullId)}/files${rest}${search}`}
    >
      {(a) => (
        <FilesPage
          allocId={a.ID}
          allocName={a.Name}
          namespace={a.Namespace}
          region={region}
          path={path}
          hrefFor={(p) => paths.allocationFiles.getHref(a.ID, p, { region })}
          allocHref={paths.allocation.getHref(a.ID, { region })}
          logHrefFor={(task, type) => {
            const href = paths.allocationLogs.getHref(a.ID, task, { region });
            return type === 'stdout' ? href : `${href}${href.includes('?') ? '&' : '?'}type=stderr`;
          }}
        />
      )}
    </WithAllocation>
  );
}
