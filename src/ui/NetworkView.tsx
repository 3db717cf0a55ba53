import { setOverview } from '../store/actions';
import { ChainWindow } from './ChainWindow';
import { NodeColumn } from './NodeColumn';
import { RealNodeColumn } from './RealNodes';
import { Switch } from './Switch';
import { useSimulator } from './simulator';
import { addressesOf, useApp, useAppShallow, useT } from './use-app';

/** More columns than this do not fit beside the dock: the overview is offered. */
const MANY = 6;

/**
 * One column per node, side by side, each as tall as the stage; the row scrolls sideways when
 * there are many, or, in the overview, every column narrows to fit. Real nodes (see RealNodes)
 * come after the simulated ones. Above them, at the strip's left edge whatever its scroll: the
 * chain window (long chains) and the overview's switch (many nodes).
 */
export function NetworkView() {
  const t = useT();
  const sim = useSimulator();
  const addresses = useApp(addressesOf);
  const real = useAppShallow((s) => s.real.map((r) => r.url));
  const generation = useApp((s) => s.generation);
  const overview = useApp((s) => s.overview);
  const count = addresses.length + real.length;
  const many = count > MANY;
  if (count === 0) return <p className="no-nodes muted">{t('app.noNodes')}</p>;
  return (
    <>
      <div className="strip-bar">
        <ChainWindow />
        {(many || overview) && (
          <Switch name="overview" on={overview} onToggle={(next) => setOverview(sim, next)}>
            {t('app.overview')}
          </Switch>
        )}
      </div>
      <div
        className={`network${many ? ' many' : ''}${overview ? ' overview' : ''}`}
        key={generation}
        style={{
          gridTemplateColumns: overview
            ? `repeat(${count}, minmax(0, 1fr))`
            : `repeat(${count}, minmax(var(--column-min), 1fr))`,
        }}
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
