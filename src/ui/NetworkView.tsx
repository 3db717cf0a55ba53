import { ChainWindow } from './ChainWindow';
import { NodeColumn } from './NodeColumn';
import { addressesOf, useApp } from './use-app';

/** One column per node, side by side, each as tall as the stage; the row scrolls sideways when there are many. */
export function NetworkView() {
  const addresses = useApp(addressesOf);
  const generation = useApp((s) => s.generation);
  const many = addresses.length > 6;
  return (
    <>
      <ChainWindow />
      <div
        className={`network${many ? ' many' : ''}`}
        key={generation}
        style={{ gridTemplateColumns: `repeat(${addresses.length}, minmax(var(--column-min), 1fr))` }}
      >
        {addresses.map((address, column) => (
          <NodeColumn key={address} address={address} column={column} />
        ))}
      </div>
    </>
  );
}
