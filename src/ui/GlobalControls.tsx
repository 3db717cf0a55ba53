import { useState } from 'react';
import type { Refusal } from '../store/actions';
import { addNode, removeNode } from '../store/actions';
import { useSimulator } from './simulator';
import { useApp, useT } from './use-app';

export function GlobalControls() {
  const t = useT();
  const sim = useSimulator();
  const count = useApp((s) => s.nodes.length);
  const replaying = useApp((s) => s.replaying !== null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  return (
    <div className="global-controls">
      <span className="node-count">
        {t('app.nodes')}: {count}
      </span>
      <button type="button" disabled={replaying} onClick={() => setRefusal(addNode(sim))}>
        {t('app.addNode')}
      </button>
      <button
        type="button"
        disabled={count === 0 || replaying}
        onClick={() => {
          setRefusal(null);
          removeNode(sim);
        }}
      >
        {t('app.removeNode')}
      </button>
      {refusal && (
        <p className="inline-error" role="alert">
          {t(refusal.key, refusal.params)}
        </p>
      )}
    </div>
  );
}
