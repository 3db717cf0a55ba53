/**
 * Node identifiers (uuid4().hex in the reference: 32 lowercase hex digits), drawn from a seeded
 * generator so that a recorded network makes the same identifiers again. Its state is a number,
 * so that a checkpoint of the network keeps it.
 */
export class NodeIdentifiers {
  constructor(public state: number) {
    this.state = state >>> 0;
  }

  // mulberry32: small, fast, and plenty for identifiers that only need to differ.
  private next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  draw(): string {
    return Array.from({ length: 4 }, () => this.next().toString(16).padStart(8, '0')).join('');
  }
}
