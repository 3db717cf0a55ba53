import type { GuessCount } from '../core/connection';
import type { HttpRequest } from '../core/http';

/**
 * The decisions the sim made, in order, with the sim time of each. They are everything that is
 * not a consequence of what came before: replaying them (Network.replay) makes the same run again,
 * because nodes are deterministic, the proof search is linear from 0, and timestamps come from
 * the sim's clock. Plain data, so that it can be saved to a file.
 */
export type JournalEntry =
  | { readonly t: 'add'; readonly at: number }
  | { readonly t: 'remove'; readonly at: number; readonly address: string }
  | { readonly t: 'command'; readonly at: number; readonly address: string; readonly request: HttpRequest }
  /** A gate opened: a message sent or delivered, or a node let go on (a guess gate: how far). */
  | { readonly t: 'release'; readonly at: number; readonly ref: string; readonly count?: GuessCount }
  | { readonly t: 'timeout'; readonly at: number; readonly ref: string }
  | { readonly t: 'mode'; readonly at: number; readonly step: boolean }
  | { readonly t: 'latency'; readonly at: number; readonly ms: number };
