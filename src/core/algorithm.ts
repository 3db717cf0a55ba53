import type { ResolveStep } from './resolve';
import type { Rules } from './rules';

/**
 * The algorithms as a student reads them: short Python-style pseudocode in the tutorial's terms,
 * written for ChainScope. Step mode highlights the line a step is on; lineOf() says which.
 */
export type LineId =
  | 'rc.def'
  | 'rc.new'
  | 'rc.max'
  | 'rc.for'
  | 'rc.get'
  | 'rc.status'
  | 'rc.length'
  | 'rc.chain'
  | 'rc.compare'
  | 'rc.max-set'
  | 'rc.new-set'
  | 'rc.if-new'
  | 'rc.replace'
  | 'rc.true'
  | 'rc.false'
  | 'vc.def'
  | 'vc.last'
  | 'vc.index'
  | 'vc.while'
  | 'vc.block'
  | 'vc.shape'
  | 'vc.shape-false'
  | 'vc.prev'
  | 'vc.prev-false'
  | 'vc.proof'
  | 'vc.proof-false'
  | 'vc.next'
  | 'vc.next-index'
  | 'vc.true'
  | 'pow.def'
  | 'pow.proof'
  | 'pow.while'
  | 'pow.next'
  | 'pow.return';

export interface CodeLine {
  readonly id: LineId;
  readonly indent: number;
  readonly text: string;
  /**
   * A comment at the end of the line, by what it says (the page writes it in the person's
   * language): "claimed", "counted", "replaced", "authoritative", or "guess" with the guess's form.
   */
  readonly comment?: {
    readonly says: 'claimed' | 'counted' | 'replaced' | 'authoritative' | 'guess';
    readonly code?: string;
  };
}

export type Routine = 'resolve_conflicts' | 'valid_chain' | 'proof_of_work';

function proofCall(rules: Rules, proof: string): string {
  const args = `last_block["proof"], ${proof}`;
  return rules.proofRule === 'reference' ? `valid_proof(${args}, hash(last_block))` : `valid_proof(${args})`;
}

export function code(routine: Routine, rules: Rules): readonly CodeLine[] {
  const line = (id: LineId, indent: number, text: string, comment?: CodeLine['comment']): CodeLine =>
    comment ? { id, indent, text, comment } : { id, indent, text };
  if (routine === 'resolve_conflicts') {
    return [
      line('rc.def', 0, 'def resolve_conflicts(self):'),
      line('rc.new', 1, 'new_chain = None'),
      line('rc.max', 1, 'max_length = len(self.chain)'),
      line('rc.for', 1, 'for node in self.nodes:'),
      line('rc.get', 2, 'response = requests.get(f"http://{node}/chain")'),
      line('rc.status', 2, 'if response.status_code != 200: continue'),
      rules.resolveRule === 'seed'
        ? line('rc.length', 2, 'length = response.json()["length"]', { says: 'claimed' })
        : line('rc.length', 2, 'length = len(response.json()["chain"])', { says: 'counted' }),
      line('rc.chain', 2, 'chain = response.json()["chain"]'),
      line('rc.compare', 2, 'if length > max_length and self.valid_chain(chain):'),
      line('rc.max-set', 3, 'max_length = length'),
      line('rc.new-set', 3, 'new_chain = chain'),
      line('rc.if-new', 1, 'if new_chain:'),
      line('rc.replace', 2, 'self.chain = new_chain'),
      line('rc.true', 2, 'return True', { says: 'replaced' }),
      line('rc.false', 1, 'return False', { says: 'authoritative' }),
    ];
  }
  if (routine === 'valid_chain') {
    const lines = [
      line('vc.def', 0, 'def valid_chain(self, chain):'),
      line('vc.last', 1, 'last_block = chain[0]'),
      line('vc.index', 1, 'current_index = 1'),
      line('vc.while', 1, 'while current_index < len(chain):'),
      line('vc.block', 2, 'block = chain[current_index]'),
    ];
    if (rules.resolveRule === 'hardened') {
      lines.push(line('vc.shape', 2, 'if not well_formed(block, current_index): return False'));
    }
    lines.push(
      line('vc.prev', 2, 'if block["previous_hash"] != self.hash(last_block):'),
      line('vc.prev-false', 3, 'return False'),
      line('vc.proof', 2, `if not self.${proofCall(rules, 'block["proof"]')}:`),
      line('vc.proof-false', 3, 'return False'),
      line('vc.next', 2, 'last_block = block'),
      line('vc.next-index', 2, 'current_index += 1'),
      line('vc.true', 1, 'return True'),
    );
    return lines;
  }
  const guess = rules.proofRule === 'reference' ? 'f"{last_proof}{proof}{last_hash}"' : 'f"{last_proof}{proof}"';
  return [
    line('pow.def', 0, 'def proof_of_work(self, last_block):'),
    line('pow.proof', 1, 'proof = 0'),
    line('pow.while', 1, `while not self.${proofCall(rules, 'proof')}:`, { says: 'guess', code: guess }),
    line('pow.next', 2, 'proof += 1'),
    line('pow.return', 1, 'return proof'),
  ];
}

/** The routine and line a step of resolve_conflicts (or of valid_chain inside it) is on. */
export function lineOf(step: ResolveStep): { readonly routine: Routine; readonly line: LineId } {
  const rc = (line: LineId) => ({ routine: 'resolve_conflicts' as const, line });
  const vc = (line: LineId) => ({ routine: 'valid_chain' as const, line });
  switch (step.kind) {
    case 'begin':
      return rc('rc.max');
    case 'request':
      return rc('rc.get');
    case 'skip':
      return rc('rc.status');
    case 'compare':
      return rc('rc.compare');
    case 'check':
      if (step.check.check === 'chain') return vc('vc.last');
      if (step.check.check === 'shape') return vc(step.check.ok ? 'vc.shape' : 'vc.shape-false');
      if (step.check.check === 'previous_hash') return vc(step.check.ok ? 'vc.prev' : 'vc.prev-false');
      return vc(step.check.ok ? 'vc.proof' : 'vc.proof-false');
    case 'verdict':
      return step.valid ? vc('vc.true') : rc('rc.compare');
    case 'candidate':
      return rc('rc.new-set');
    case 'end':
      return rc(step.replaced ? 'rc.replace' : 'rc.false');
    default:
      return step satisfies never;
  }
}
