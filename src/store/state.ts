import type { FailureCause, MiningProgress, NodePause, NodeSnapshot } from '../core/connection';
import type { HttpRequest } from '../core/http';
import type { SkipCode } from '../core/resolve';
import type { Rules } from '../core/rules';
import type { Check } from '../core/validation';
import type { Language, MessageKey, Params } from '../i18n';
import type { AutomaticState } from '../sim/automatic';
import type { LinksState } from '../sim/links';
import type { Activity, Gate, SimMessage } from '../sim/network';
import type { RealNodeView } from './real-nodes';
import type { Recent } from './recent';
import type { Problem } from './run-file';
import type { Vanished } from './vanished';

export type { Activity, Check, Gate, NodePause, SimMessage, SkipCode };

/** One event of the run, with the sim time it happened at and the journal length that restores it. */
export interface TimelineEntry {
  readonly seq: number;
  readonly at: number;
  readonly journal: number;
  readonly address: string | null;
  readonly kind: 'node' | 'command' | 'sent' | 'delivered' | 'forged' | 'replaced' | 'check' | 'step' | 'guess';
  readonly key: MessageKey;
  readonly params: Params;
  /**
   * A step of an algorithm run through in run mode: part of one moment (the run has no point
   * between its steps to go back to). Step mode makes each step a moment of its own.
   */
  readonly within?: true;
}

/** What step mode is looking at: a node waiting at a step of its algorithm, or a message. */
export interface Focus {
  readonly address: string;
  readonly pause: NodePause | null;
  readonly message: SimMessage | null;
  /** Set when the command being stepped has answered: how it ended. */
  readonly finished?: Announcement | null;
}

/** A line of a node's HTTP log: what an action stands for, as the tutorial's HTTP API. */
export interface LogEntry {
  readonly id: number;
  readonly at: number;
  /** "user": a person's request; "served": a neighbour asked us; "sent": we asked a neighbour. */
  readonly kind: 'user' | 'served' | 'sent';
  readonly request: HttpRequest;
  /** For "sent": the neighbour, as stored, and which of our neighbour requests it was. */
  readonly target?: string;
  readonly fetchId?: number;
  readonly status?: number;
  readonly responseBody?: string;
  /** For "sent" with no answer: why. */
  readonly failure?: string;
  readonly failureCode?: 'unreachable' | 'timeout';
}

/** What the status region says, in the person's language. */
export interface Announcement {
  readonly seq: number;
  readonly key: MessageKey;
  readonly params: Params;
}

export interface ResolutionRow {
  readonly neighbour: string;
  /** Waiting: not asked yet (the resolve asks its neighbours one after the other). */
  readonly status: 'waiting' | 'asking' | 'skipped' | 'compared';
  readonly reason?: string;
  readonly code?: SkipCode;
  readonly detail?: string;
  readonly failure?: Check | null;
  readonly claimedLength?: number | null;
  readonly countedLength?: number;
  readonly maxLength?: number;
  readonly longer?: boolean;
  readonly valid?: boolean;
  readonly invalidReason?: string | null;
}

export interface Resolution {
  readonly running: boolean;
  readonly startLength: number;
  readonly rows: readonly ResolutionRow[];
  readonly winner: string | null;
  /** Transactions of the replaced chain the adopted one does not hold (a double spend shows here). */
  readonly vanished?: readonly Vanished[];
}

/** A chain replaced by a resolve: what it was, and who won, so the UI can show the change. */
export interface Replacement {
  readonly seq: number;
  readonly previousHashes: readonly string[];
  readonly winner: string | null;
  /** The adopted chain's length: blocks past it came after the resolve (the node mined them). */
  readonly length: number;
}

export interface NodeView {
  readonly address: string;
  readonly snapshot: NodeSnapshot;
  readonly activity: Activity | null;
  readonly progress: MiningProgress | null;
  readonly failure: string | null;
  /** Why it is down, as data, where the page words it in its own language (see FailureCause). */
  readonly failureCause?: FailureCause;
  readonly log: readonly LogEntry[];
  readonly announcement: Announcement | null;
  readonly resolution: Resolution | null;
  readonly replacement: Replacement | null;
  /** "Mine continuously": each block is mined right after the last. */
  readonly continuous: boolean;
}

export interface Settings {
  readonly rules: Rules;
  readonly latencyMs: number;
}

/** A block of a node's chain: the node's address and the block's place (from 0). */
export interface BlockRef {
  readonly address: string;
  readonly position: number;
}

export interface AppState {
  /** The last number given to a timeline entry, an announcement or a log line (see feed.ts). */
  readonly seq: number;
  readonly nodes: readonly NodeView[];
  readonly messages: readonly SimMessage[];
  /** The links as the network last said: nodes offline, links cut, the share of messages lost. */
  readonly links: LinksState;
  /** The automatic mode as the network last said: on or off, each node's hash power. */
  readonly auto: AutomaticState;
  readonly settings: Settings;
  /** A consensus change waiting for the person to confirm that the network starts afresh. */
  readonly pendingRules: Rules | null;
  readonly language: Language;
  /** Bumped for every new network, so views keyed on it start clean. */
  readonly generation: number;
  readonly error: Announcement | null;
  readonly stepMode: boolean;
  /** The gate the next Step opens, and whether the nodes are ready for it. */
  readonly next: Gate | null;
  readonly settled: boolean;
  /** Whether a Step would do anything now. */
  readonly steppable: boolean;
  readonly focus: Focus | null;
  /** The newest 5,000 entries (see Recent). */
  readonly timeline: Recent<TimelineEntry>;
  /** How much of the recorded line is shown now; entries after it are the future (until someone acts). */
  readonly cursor: number;
  readonly playing: boolean;
  /** Steps per second while playing. */
  readonly speed: number;
  /** A rewind or an import being replayed, or null. */
  readonly replaying: 'rewind' | 'import' | null;
  /** How far an import has got, in journal entries. */
  readonly progress: { readonly done: number; readonly total: number } | null;
  /** Why the last import was refused, or null. */
  readonly transferError: Problem | null;
  /** Why runs are not being saved, or a saved run did not open (see autosave.ts), or null. */
  readonly storageProblem: Problem | null;
  /** What the last import did, when it worked ("Run imported: N steps replayed"). */
  readonly transferDone: Problem | null;
  /** The last block height shown (null: always the newest). Long chains show a window of heights. */
  readonly chainEnd: number | null;
  /** In the past (after a jump back): what the next Step along the recorded run does. */
  readonly pastNext: { readonly key: MessageKey; readonly params: Params } | null;
  /** The person acted in the past and the rest of the run was dropped: it can still be undone. */
  readonly dropped: boolean;
  /** Presentation mode (see setPresenting). */
  readonly presenting: boolean;
  /** Every column narrowed to fit the stage at once (see setOverview). */
  readonly overview: boolean;
  /** The block whose details are open (a column's block dialog), or null. */
  readonly openedBlock: BlockRef | null;
  /** The block last opened, kept after its dialog closes (a lesson's step asks for it). */
  readonly seenBlock: BlockRef | null;
  /** A dialog of the page that is open, or null. */
  readonly dialog: 'shortcuts' | 'lessons' | null;
  /** The lesson running, and the step shown (see lessons/), or null. */
  readonly lesson: { readonly id: string; readonly step: number } | null;
  /** Whether the first-load hint was put away. */
  readonly hinted: boolean;
  /** The node that keyboard shortcuts and the map act on (its column is marked), or null. */
  readonly selected: string | null;
  /** Real nodes on the page (see real-nodes.ts): outside the sim, kept across new networks. */
  readonly real: readonly RealNodeView[];
  /** The last hash rate a mining node measured (guesses per second), for what a difficulty costs. */
  readonly measuredRate: number | null;
}
