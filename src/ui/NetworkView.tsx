import { ChainWindow } from './ChainWindow';
import { NodeColumn } from './NodeColumn';
import { RealNodeColumn } from './RealNodes';
import { addressesOf, useApp, useAppShallow, useT } from './use-app';

/**
 * One column per node, side by side, each as tall as the stage; the row scrolls sideways when
 * there are many. Real nodes (see RealNodes) come after the simulated ones.
 */
export function NetworkView() {
  const t = useT();
  const addresses = useApp(addressesOf);
  const real = useAppShallow((s) => s.real.map((r) => r.url));
  const generation = useApp((s) => s.generation);
  const count = addresses.length + real.length;
  const many = count > 6;
  if (count === 0) return <p className="no-nodes muted">{t('app.noNodes')}</p>;
  return (
    <>
      <ChainWindow />
      <div
        className={`network${many ? ' many' : ''}`}
        key={generation}
        style={{ gridTemplateColumns: `repeat(${count}, minmax(var(--column-min), 1fr))` }}
      >
        {addresses.map((address, column) => (
          <NodeColumn key={address} address={address} column={column} />
        ))}
        {real.map((url, i) => (
          <RealNodeColumn key={url} url={url} column={addresses.length + i} />
        ))}
      </div>
    </>
  );
}
