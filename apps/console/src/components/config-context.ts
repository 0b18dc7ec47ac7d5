import { createContext, useContext } from 'react';
import type { ConsoleConfig } from '../api/console-config';

export const ConsoleConfigContext = createContext<ConsoleConfig | null>(null);

export function useConsoleConfig(): ConsoleConfig {
  const config = useContext(ConsoleConfigContext);
  if (!config) throw new Error('ConsoleConfigContext is not provided');
  return config;
}
