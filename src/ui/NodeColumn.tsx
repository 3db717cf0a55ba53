import { useRef } from 'react';
import { mine, resolve, setContinuous } from '../store/actions';
import { DEFAULT_POWER } from '../store/lab-actions';
import type { AppState } from '../store/state';
import { ActionButton } from './ActionButton';
import { ChainList } from './ChainList';
import { HttpLog } from './HttpLog';
import { NodeLab } from './NodeLab';
import { NodeStatus } from './NodeStatus';
import { PendingAndNeighbours } from './PendingAndNeighbours';
import { Popover } from './Popover';
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
  const { behaviour } = node.snapshot.state;
  return {
    continuous: node.continuous,
    // Mining continuously, Mine stays off (the switch stops it); a Resolve waits for the block in hand.
    mineOff: node.activity !== null || down || node.continuous || replaying,
    resolveOff: node.activity === 'resolving' || down || replaying,
    switchOff: down || replaying,
    selected: state.selected === address,
    overview: state.overview,
    behaviour,
    // Not the chain's length: that changes with every block, and these are read at once.
    hidden: behaviour?.kind === 'private' ? node.snapshot.length - (behaviour.shown ?? node.snapshot.length) : 0,
    ...powerOf(state, address),
  };
}

/**
 * A node's share of the network's hash power, in whole percent, as the card shows it (before its
 * "%"): a node with some power never reads "0", nor one beside others with power "100", which
 * would say it mines alone. So "<1" and ">99" where rounding would say otherwise.
 */
export function shareText(power: number, total: number): string {
  if (!(total > 0) || !(power > 0)) return '0';
  if (power >= total) return '100';
  const share = Math.round((100 * power) / total);
  if (share < 1) return '<1';
  if (share > 99) return '>99';
  return String(share);
}

/**
 * A node's hash power, and its share of the network's, in whole percent (see shareText). Read for
 * every column on every change of the store: it makes nothing but its answer.
 */
function powerOf(state: AppState, address: string): { power: number; share: string } {
  const { power: powers } = state.auto;
  const of = (a: string) => {
    for (const [node, power] of powers) if (node === a) return power;
    return DEFAULT_POWER;
  };
  let total = 0;
  for (const n of state.nodes) total += of(n.address);
  const power = of(address);
  return { power, share: shareText(power, total) };
}

/**
 * A node: its address and state, its actions where the column starts, and its chain filling the
 * rest, its newest blocks in view. The forms and the node's details open over the chain (see
 * Popover) rather than pushing it down.
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
  const { continuous, mineOff, resolveOff, switchOff, selected, overview, behaviour, hidden, power, share } = controls;
  const misbehaving = behaviour && behaviour.kind !== 'honest' ? t(`lab.behaviour.${behaviour.kind}`) : null;
  const { neighbours, pendingTransactions } = node.snapshot.state;
  return (
    <section
      ref={section}
      className={`node${selected ? ' selected' : ''}`}
      aria-label={t('node.region', { address })}
      data-address={address}
      style={{ gridColumn: column + 1 }}
    >
      <div className="node-head">
        <div className="node-title">
          <h2>
            {/* The overview shows the port alone; the host stays for screen readers. */}
            <span className="node-host">{address.slice(0, address.lastIndexOf(':') + 1)}</span>
            {address.slice(address.lastIndexOf(':') + 1)}
          </h2>
          {overview && misbehaving && (
            // The overview folds the Behaviour select away: a mark says the node does not play by the rules.
            <span className="behaviour-mark" title={misbehaving}>
              <span aria-hidden="true">⚠</span>
              <span className="visually-hidden">{misbehaving}</span>
            </span>
          )}
          <p className="node-facts">
            {t('node.factsLine', { neighbours: neighbours.length, pending: pendingTransactions.length })}
          </p>
        </div>
        <NodeStatus node={node} />
        <div className="node-actions">
          <ActionButton className="primary" off={mineOff} onPress={() => mine(sim, address)}>
            {t('node.mine')}
          </ActionButton>
          <ActionButton off={resolveOff} onPress={() => resolve(sim, address)}>
            {t('node.resolve')}
          </ActionButton>
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
        </div>
        <div className="node-more">
          <Popover label={t('tx.form')}>{(close) => <TransactionForm address={address} onDone={close} />}</Popover>
          <Popover label={t('register.form')}>{(close) => <RegisterForm address={address} onDone={close} />}</Popover>
          <Popover label={t('node.details')} className="details">
            {() => (
              <>
                <p className="identifier">
                  {t('node.identifier')}: <code>{node.snapshot.state.nodeIdentifier}</code>
                </p>
                <PendingAndNeighbours node={node} />
                <HttpLog node={node} />
              </>
            )}
          </Popover>
          <NodeLab
            address={address}
            behaviour={behaviour}
            hidden={hidden}
            power={power}
            share={share}
            off={switchOff}
          />
        </div>
      </div>
      <ResolvePanel node={node} />
      <ChainList node={node} column={column} />
    </section>
  );
}
