import { useRef } from 'react';
import { mine, resolve, setContinuous } from '../store/actions';
import type { AppState } from '../store/state';
import { AlignedPart } from './aligned-rows';
import { ChainList } from './ChainList';
import { HttpLog } from './HttpLog';
import { NodeStatus } from './NodeStatus';
import { PendingAndNeighbours } from './PendingAndNeighbours';
import { RegisterForm } from './RegisterForm';
import { ResolvePanel } from './ResolvePanel';
import { useSimulator } from './simulator';
import { TransactionForm } from './TransactionForm';
import { OFF_SCREEN_REDRAW_MS, REDRAW_MS, useAppShallow, useAppThrottled, useOnScreen, useT } from './use-app';

/** Which of a node's controls are on: few changes, unlike what the node shows. */
function controlsOf(state: AppState, address: string) {
  const node = state.nodes.find((n) => n.address === address);
  if (!node) return null;
  // While a rewind or an import replays, the network on screen is about to be replaced.
  const replaying = state.replaying !== null;
  const down = node.failure !== null;
  return {
    continuous: node.continuous,
    // Mining continuously, Mine stays off (the switch stops it); a Resolve waits for the block in hand.
    mineOff: node.activity !== null || down || node.continuous || replaying,
    resolveOff: node.activity === 'resolving' || down || replaying,
    switchOff: down || replaying,
  };
}

/**
 * A node: its address and state, its actions, and its chain. Each part above the chain takes
 * the height of the tallest of its kind across the columns (see aligned-rows.tsx), so the chains
 * of all columns start at the same height and blocks of the same height line up across columns.
 */
export function NodeColumn({ address, column }: { address: string; column: number }) {
  const t = useT();
  const sim = useSimulator();
  // What the node shows redraws twice a second at most while it is busy (see
  // useAppThrottled); its controls follow the store at once, so a click never meets a stale switch.
  // A column scrolled out of view (a wide network) redraws rarely, and at once when it comes back.
  const section = useRef<HTMLElement>(null);
  const onScreen = useOnScreen(section);
  const node = useAppThrottled(
    (s) => s.nodes.find((n) => n.address === address),
    onScreen ? REDRAW_MS : OFF_SCREEN_REDRAW_MS,
  );
  const controls = useAppShallow((s) => controlsOf(s, address));
  if (!node || !controls) return null;
  const { continuous, mineOff, resolveOff, switchOff } = controls;
  return (
    <section
      ref={section}
      className="node"
      aria-label={t('node.region', { address })}
      data-address={address}
      style={{ gridColumn: column + 1 }}
    >
      <AlignedPart kind={0}>
        <div className="node-head">
          <h2>{address}</h2>
          <p className="identifier" title={t('node.identifier')}>
            <span className="visually-hidden">{t('node.identifier')}: </span>
            <code>{node.snapshot.state.nodeIdentifier}</code>
          </p>
          <NodeStatus node={node} />
          <label className="continuous">
            <input
              type="checkbox"
              role="switch"
              checked={continuous}
              aria-checked={continuous}
              disabled={switchOff}
              onChange={(e) => setContinuous(sim, address, e.target.checked)}
            />
            {t('node.continuous')}
          </label>
          <div className="node-actions">
            <button type="button" className="primary" disabled={mineOff} onClick={() => mine(sim, address)}>
              {t('node.mine')}
            </button>
            <button type="button" disabled={resolveOff} onClick={() => resolve(sim, address)}>
              {t('node.resolve')}
            </button>
          </div>
        </div>
      </AlignedPart>
      <AlignedPart kind={1}>
        <ResolvePanel node={node} />
      </AlignedPart>
      <AlignedPart kind={2}>
        <div className="node-forms">
          <TransactionForm address={address} />
          <RegisterForm address={address} />
        </div>
      </AlignedPart>
      <AlignedPart kind={3}>
        <div className="node-info">
          <PendingAndNeighbours node={node} />
          <HttpLog node={node} />
        </div>
      </AlignedPart>
      <ChainList node={node} column={column} />
    </section>
  );
}
