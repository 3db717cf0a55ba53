import type * as v from 'valibot';
import type { HttpRequest, HttpResponse } from '../core/http';
import type { TIME } from './journal';
import type { Links } from './links';

/** What every journal entry has: its kind and the sim time it was made at. */
export interface EntryBase {
  readonly t: string;
  readonly at: number;
}

/**
 * What a command may do to the network. The network writes the command's entry in the journal
 * before it calls perform(), so these are never journaled themselves (and no one else calls them).
 */
export interface NetworkActions {
  /** Starts a node on the next port and returns its address. */
  startNode(port?: number): string;
  /** Stops a node's worker; its neighbours keep it in their lists and find it unreachable. */
  stopNode(address: string): void;
  /** Moves a node, its state whole, to localhost:<port>; returns its new address. */
  moveNode(address: string, port: number): string;
  /** A request to one of a node's five endpoints (what a click stands for); resolves with the answer. */
  request(address: string, request: HttpRequest): Promise<HttpResponse>;
  setLatency(ms: number): void;
  setStepMode(step: boolean): void;
  /** The automatic mode on or off (see sim/automatic.ts). */
  setAutomatic(on: boolean, resolveEveryMs: number): void;
  setPower(address: string, guessesPerSecond: number): void;
  /** The automatic mode's search (POST /lab/search), counted from now. */
  search(address: string, from: number): Promise<HttpResponse>;
  /** The automatic mode's forge (POST /lab/forge). */
  forge(address: string, proof: number, lastHash: string): Promise<HttpResponse>;
  /** The running nodes' addresses. */
  addresses(): string[];
  /** A real node's host joins the network (its requests go out over HTTP) or leaves it. */
  setOutside(host: string, joined: boolean): void;
  /** Changes the links (a node offline, a link cut or healed, the loss setting), at once. */
  changeLinks(change: (links: Links) => void): void;
}

/**
 * One user command (excalidraw's actions): the schema of its journal entry, what it does, its
 * label (a dictionary key) and its keyboard shortcut (a KeyboardEvent.code). Adding a command is
 * adding one such file to ./commands and to the list there; the journal, the run file and the
 * replay take it from that list.
 */
export interface Command<Schema extends EntrySchema, Result = void> {
  readonly t: v.InferOutput<Schema>['t'];
  readonly entry: Schema;
  perform(network: NetworkActions, entry: v.InferOutput<Schema>): Result;
  readonly label: string;
  readonly shortcut?: string;
}

/** A command's journal entry: an object of exactly these keys, its kind `t` and its time `at` among them. */
export type EntrySchema = v.StrictObjectSchema<
  { readonly t: v.LiteralSchema<string, undefined>; readonly at: typeof TIME } & v.ObjectEntries,
  undefined
>;

/** The fields a command is given: its entry but for its kind and time, which the network adds. */
export type Fields<Schema extends EntrySchema> = Omit<v.InferOutput<Schema>, 't' | 'at'>;
