import type { FailureCause, MiningProgress, NodePause, NodeSnapshot } from '../core/connection';
import type { HttpRequest, HttpResponse } from '../core/http';
import type { Outcome } from '../core/node';
import type { ResolveStep } from '../core/resolve';
import type { AutomaticState } from './automatic';
import type { Activity } from './inside';
import type { LinksState, LossReason } from './links';
import type { Gate, SimMessage } from './scheduler';

/** What the network tells its listeners (the page's store, a replay, tests), as it happens. */
export type NetworkEvent =
  | { readonly type: 'node-added'; readonly at: number; readonly address: string; readonly snapshot: NodeSnapshot }
  | { readonly type: 'node-removed'; readonly at: number; readonly address: string }
  | {
      readonly type: 'exchange';
      readonly at: number;
      readonly address: string;
      readonly origin: 'user' | 'network';
      readonly request: HttpRequest;
      readonly response: HttpResponse;
      /** What the request did (see core's Outcome). */
      readonly outcome: Outcome;
      /** The node after the exchange, or null when it is gone. */
      readonly snapshot: NodeSnapshot | null;
    }
  | { readonly type: 'command'; readonly at: number; readonly address: string; readonly request: HttpRequest }
  | { readonly type: 'activity'; readonly at: number; readonly address: string; readonly activity: Activity | null }
  | { readonly type: 'sent'; readonly at: number; readonly message: SimMessage }
  | { readonly type: 'delivered'; readonly at: number; readonly message: SimMessage }
  /** A message that never arrived: its node offline, its link cut, or lost to the link's loss. */
  | { readonly type: 'lost'; readonly at: number; readonly message: SimMessage; readonly why: LossReason }
  /** The automatic mode changed: on or off, a node's hash power. */
  | { readonly type: 'auto'; readonly at: number; readonly auto: AutomaticState }
  /** The links changed: a node offline, a link cut or healed, the loss setting. */
  | { readonly type: 'links'; readonly at: number; readonly links: LinksState }
  | { readonly type: 'progress'; readonly at: number; readonly address: string; readonly progress: MiningProgress }
  | { readonly type: 'trace'; readonly at: number; readonly address: string; readonly step: ResolveStep }
  | { readonly type: 'paused'; readonly at: number; readonly address: string; readonly pause: NodePause }
  | {
      readonly type: 'gates';
      readonly at: number;
      readonly next: Gate | null;
      readonly settled: boolean;
      /** Whether a Step would do anything: a gate to open, or a neighbour request to time out. */
      readonly steppable: boolean;
    }
  | { readonly type: 'mode'; readonly at: number; readonly step: boolean }
  | {
      readonly type: 'failed';
      readonly at: number;
      readonly address: string;
      readonly reason: string;
      readonly cause?: FailureCause;
    }
  /** A replayed journal says what cannot have happened (see replay.ts). */
  | { readonly type: 'contradiction'; readonly at: number; readonly reason: string };
