import { CHAIN_WINDOW, showChainUpTo } from '../store/actions';
import { ActionButton } from './ActionButton';
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
      {/* Off at either end, but focusable: "Latest" pressed turns itself off under the focus. */}
      <ActionButton off={start === 0} onPress={() => showChainUpTo(sim, Math.max(CHAIN_WINDOW, end - CHAIN_WINDOW))}>
        {t('chain.earlier')}
      </ActionButton>
      <ActionButton off={end === total} onPress={() => showChainUpTo(sim, Math.min(total, end + CHAIN_WINDOW))}>
        {t('chain.later')}
      </ActionButton>
      <ActionButton off={end === total} onPress={() => showChainUpTo(sim, null)}>
        {t('chain.latest')}
      </ActionButton>
    </nav>
  );
}
