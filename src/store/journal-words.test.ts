import { describe, expect, it } from 'vitest';
import { entryWords } from './journal-words';

const release = (ref: string) => entryWords({ t: 'release', at: 0, ref });

describe("the next step's words in the past", () => {
  it('names the node that sends an answer as its sender, and a reply by the node it goes back to', () => {
    // localhost:5002 served localhost:5000's GET /chain: the answer's gate is the sender's.
    expect(release('localhost:5002/r1')).toEqual({ key: 'next.sendAnswer', params: { address: 'localhost:5002' } });
    // No node served localhost:5000's request: the reply goes back to it.
    expect(release('localhost:5000/f3x')).toEqual({ key: 'next.sendReply', params: { address: 'localhost:5000' } });
    expect(release('localhost:5000/f3')).toEqual({ key: 'next.sendRequest', params: { address: 'localhost:5000' } });
    expect(release('localhost:5000/f3>')).toEqual({ key: 'next.deliver', params: { address: 'localhost:5000' } });
  });
});
