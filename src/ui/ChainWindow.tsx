import { CHAIN_WINDOW, showChainUpTo } from '../store/actions';
import { useSimulator } from './simulator';
import { useChainWindow, useT } from './use-app';

/** Paging through the heights of long chains (shown only when they do not fit the window). */
export function ChainWindow() {
  const t = useT();
  const sim = useSimulator();
  const { start, end, total } = useChainWindow();
  if (total <= CHAIN_WINDOW) return null;
  return (
    <nav className="chain-window" aria-label={t('chain.window', { from: start + 1, to: end, total })}>
      <span>{t('chain.window', { from: start + 1, to: end, total })}</span>
      <button
        type="button"
        disabled={start === 0}
        onClick={() => showChainUpTo(sim, Math.max(CHAIN_WINDOW, end - CHAIN_WINDOW))}
      >
        {t('chain.earlier')}
      </button>
      <button
        type="button"
        disabled={end === total}
        onClick={() => showChainUpTo(sim, Math.min(total, end + CHAIN_WINDOW))}
      >
        {t('chain.later')}
      </button>
      <button type="button" disabled={end === total} onClick={() => showChainUpTo(sim, null)}>
        {t('chain.latest')}
      </button>
    </nav>
  );
}
