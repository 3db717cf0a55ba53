import { useRef } from 'react';
import { useAlignedRows } from './aligned-rows';
import { ChainWindow } from './ChainWindow';
import { MessageLayer } from './MessageLayer';
import { NodeColumn } from './NodeColumn';
import { addressesOf, useApp } from './use-app';

/** One column per node, side by side; the row scrolls sideways when there are many. */
export function NetworkView() {
  const addresses = useApp(addressesOf);
  const generation = useApp((s) => s.generation);
  const network = useRef<HTMLDivElement>(null);
  useAlignedRows(network, `${generation} ${addresses.join(' ')}`);
  return (
    <div className="network-scroll">
      <ChainWindow />
      <div
        ref={network}
        className="network"
        key={generation}
        style={{ gridTemplateColumns: `repeat(${addresses.length}, minmax(21rem, 1fr))` }}
      >
        {addresses.map((address, column) => (
          <NodeColumn key={address} address={address} column={column} />
        ))}
        <MessageLayer />
      </div>
    </div>
  );
}
