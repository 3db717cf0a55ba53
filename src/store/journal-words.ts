import { readJson } from '../core/json/read';
import { fieldOf } from '../core/json/value';
import type { MessageKey, Params } from '../i18n';
import type { JournalEntry } from '../sim/commands';

/** A journal entry in words: what the next Step along a recorded line will do. */
export function entryWords(entry: JournalEntry): { key: MessageKey; params: Params } {
  switch (entry.t) {
    case 'add':
      return { key: 'next.add', params: {} };
    case 'remove':
    case 'mine':
    case 'resolve':
    case 'transaction':
      return { key: `next.${entry.t}`, params: { address: entry.address } };
    case 'register':
      return { key: 'next.register', params: { address: entry.address, count: entry.nodes.length } };
    case 'request':
      return {
        key: 'next.request',
        params: { address: entry.address, request: `${entry.request.method} ${entry.request.path}` },
      };
    case 'edit-block': {
      const read = readJson(entry.body);
      const position = read.ok ? fieldOf(read.value, 'position') : undefined;
      const index = typeof position === 'bigint' ? String(position + 1n) : '?';
      return { key: 'next.editBlock', params: { address: entry.address, index } };
    }
    case 'remine':
      return { key: 'next.remine', params: { address: entry.address, index: entry.position + 1 } };
    case 'behaviour':
      return { key: `next.behaviour.${entry.behaviour}`, params: { address: entry.address } };
    case 'publish':
      return { key: 'next.publish', params: { address: entry.address } };
    case 'cut':
      return { key: entry.cut ? 'next.cut' : 'next.mend', params: { a: entry.a, b: entry.b } };
    case 'partition':
      return { key: 'next.partition', params: { side: entry.side.join(', ') } };
    case 'heal':
      return { key: 'next.heal', params: {} };
    case 'loss':
      return { key: 'next.loss', params: { percent: entry.percent } };
    case 'auto':
      return { key: entry.on ? 'next.autoOn' : 'next.autoOff', params: {} };
    case 'power':
      return { key: 'next.power', params: { address: entry.address, guesses: entry.guesses } };
    case 'search':
      return { key: 'next.search', params: { address: entry.address } };
    case 'forge':
      return { key: 'next.forge', params: { address: entry.address } };
    case 'latency':
      return { key: 'next.latency', params: { ms: entry.ms } };
    case 'mode':
      return { key: entry.step ? 'next.stepOn' : 'next.stepOff', params: {} };
    case 'timeout':
      return { key: 'next.timeout', params: { address: entry.ref.split('/')[0] ?? '' } };
    case 'answer':
      return { key: 'next.answer', params: { address: entry.ref.split('/')[0] ?? '' } };
    case 'move':
      return { key: 'next.move', params: { address: entry.address, to: `localhost:${entry.port}` } };
    case 'real':
      return { key: entry.joined ? 'next.realJoined' : 'next.realLeft', params: { host: entry.host } };
    case 'release': {
      const [address = '', gate = ''] = entry.ref.split('/');
      if (gate.endsWith('>')) return { key: 'next.deliver', params: { address } };
      // A reply for a request no node served (…/f1x) is its asker's gate; an answer's, its sender's.
      if (gate.endsWith('x')) return { key: 'next.sendReply', params: { address } };
      if (gate.startsWith('f')) return { key: 'next.sendRequest', params: { address } };
      if (gate.startsWith('r')) return { key: 'next.sendAnswer', params: { address } };
      return { key: 'next.goOn', params: { address } };
    }
    default:
      return entry satisfies never;
  }
}
