import { render } from '@testing-library/react';
import type { Simulator } from '../../src/store/simulator';
import { App } from '../../src/ui/App';
import { SimulatorProvider } from '../../src/ui/simulator';
import { startTestNetwork } from './app-host';

/** The whole page on a fresh test network (see startTestNetwork), as main.tsx mounts it. */
export function renderApp(...args: Parameters<typeof startTestNetwork>): Simulator {
  const simulator = startTestNetwork(...args);
  render(
    <SimulatorProvider simulator={simulator}>
      <App />
    </SimulatorProvider>,
  );
  return simulator;
}
