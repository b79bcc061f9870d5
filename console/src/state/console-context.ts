import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from '../api/api-client';
import type { Route } from '../router';
import type { EnvironmentDataStore } from './environment-data';
import type { Session } from './session';

/** An environment as `GET /api/environments` lists it. */
export interface EnvironmentSummary {
  readonly key: string;
  readonly name: string;
  readonly flags: number;
  readonly segments: number;
  readonly streamConnections: number;
  readonly sdkKeys: readonly string[];
}

/** What every page can use. */
export interface ConsoleContextValue {
  readonly api: ApiClient;
  readonly session: Session;
  readonly environments: readonly EnvironmentSummary[];
  readonly reloadEnvironments: () => Promise<void>;
  readonly data: EnvironmentDataStore;
  readonly route: Route;
  readonly signOut: () => void;
}

export const ConsoleContext = createContext<ConsoleContextValue | undefined>(undefined);

/** The console's context (inside the signed-in app). */
export function useConsole(): ConsoleContextValue {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error('useConsole outside the console');
  return value;
}

/** `/api/environments/<env>` of the environment on screen. */
export function envPath(env: string, ...rest: string[]): string {
  return ['/api/environments', encodeURIComponent(env), ...rest.map(encodeURIComponent)].join('/');
}
