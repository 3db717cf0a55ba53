import { createContext, type ReactNode, useContext } from 'react';
import type { Simulator } from '../store/simulator';

const SimulatorContext = createContext<Simulator | null>(null);

/** Gives the components below the page's Simulator, which every action takes. */
export function SimulatorProvider({ simulator, children }: { simulator: Simulator; children: ReactNode }) {
  return <SimulatorContext.Provider value={simulator}>{children}</SimulatorContext.Provider>;
}

export function useSimulator(): Simulator {
  const simulator = useContext(SimulatorContext);
  if (!simulator) throw new Error('a component that acts needs a SimulatorProvider above it');
  return simulator;
}
