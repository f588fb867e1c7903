import { child, mentions, namedKids, stripParens, type CNode } from './cnode';

/**
 * Whether the value a local variable gets at its declaration can be read, by a forward walk over the function's
 * control flow (if/else, switch with fallthrough and default, loops whose body may not run, goto and labels, early
 * returns). The state of the variable at a point: it cannot be reached (0), it holds a later assignment (1), or it may
 * still hold the initial value (2). Paths are joined by taking the larger state, so every doubt adds a path, and every
 * construct the walk cannot follow ends the analysis with "unknown": a false finding is worse than a miss.
 */
type State = 0 | 1 | 2;

const join = (a: State, b: State): State => (a > b ? a : b);

class GiveUp extends Error {}
class Read extends Error {}

export type Verdict =
  | { kind: 'never-read'; firstAssignments: CNode[] }
  | { kind: 'read' }
  | { kind: 'unknown' };

interface Frame {
  breaks: State;
  continues: State;
  isLoop: boolean;
}

const noValueUse = new Set(['sizeof_expression', 'alignof_expression', 'offsetof_expression']);
const literals = new Set(['number_literal', 'char_literal', 'string_literal', 'concatenated_string', 'null', 'true', 'false']);
const macroName = /^[A-Z][A-Z0-9_]*$/;

class InitialValueFlow {
  private labels = new Map<string, State>();
  private grew = false;
  private frames: Frame[] = [];
  private kills: CNode[] = [];

  constructor(private readonly name: string, private readonly declaration: CNode, private readonly labelNames: Set<string>) {}

  run(body: CNode): Verdict {
    try {
      for (let pass = 0; pass < 8; pass++) {
        this.grew = false;
        this.kills = [];
        this.statement(body, 1);
        if (!this.grew) return { kind: 'never-read', firstAssignments: this.kills };
      }
      return { kind: 'unknown' };
    } catch (error) {
      if (error instanceof Read) return { kind: 'read' };
      if (error instanceof GiveUp) return { kind: 'unknown' };
      throw error;
    }
  }

  private read(state: State): void {
    if (state === 2) throw new Read();
  }

  private toLabel(label: string, state: State): void {
    const before = this.labels.get(label) ?? 0;
    const after = join(before, state);
    if (after !== before) {
      this.labels.set(label, after);
      this.grew = true;
    }
  }

  /**
   * Every label already holds at least this state (labels only grow, by join): sending a state no larger to all of
   * them again changes none, so it is skipped. verifier.c's long functions make an upper-case macro call every few
   * lines and have dozens of labels, and each local's flow visited them all per call and per pass.
   */
  private everyLabelHolds: State = 0;

  /** An unknown macro may hide a `goto` to any label of the function. */
  private mayJumpAnywhere(state: State): void {
    if (state <= this.everyLabelHolds) return;
    this.everyLabelHolds = state;
    for (const label of this.labelNames) this.toLabel(label, state);
  }

  // ---- expressions -------------------------------------------------------------------------------------------

  private expression(node: CNode | undefined, state: State): State {
    if (!node || state === 0) return state;
    switch (node.type) {
      case 'identifier':
        if (node.text === this.name) this.read(state);
        return state;
      case 'comment':
        return state;
      case 'assignment_expression':
        return this.assignment(node, state);
      case 'update_expression':
        return this.unsequenced(namedKids(node), state);
      case 'binary_expression': {
        const operator = child(node, 'operator')?.text;
        if (operator === '&&' || operator === '||') {
          const left = this.expression(child(node, 'left'), state);
          return join(left, this.expression(child(node, 'right'), left));
        }
        return this.unsequenced(namedKids(node), state);
      }
      case 'conditional_expression': {
        const condition = this.expression(child(node, 'condition'), state);
        const consequence = child(node, 'consequence');
        const yes = consequence ? this.expression(consequence, condition) : condition;
        return join(yes, this.expression(child(node, 'alternative'), condition));
      }
      case 'comma_expression':
        return this.expression(child(node, 'right'), this.expression(child(node, 'left'), state));
      case 'call_expression':
        return this.call(node, state);
      case 'statement_expression':
      case 'gnu_asm_expression':
        if (mentions(node, this.name)) throw new GiveUp();
        this.mayJumpAnywhere(state);
        return state;
      case 'ERROR':
        throw new GiveUp();
      default:
        if (noValueUse.has(node.type) || literals.has(node.type)) return state;
        return this.unsequenced(namedKids(node), state);
    }
  }

  /** Operands whose order C leaves open: each is read as if it came first; a kill in any of them counts after all. */
  private unsequenced(nodes: CNode[], state: State): State {
    let out = state;
    for (const node of nodes) {
      const after = this.expression(node, state);
      if (after < out) out = after;
    }
    return out;
  }

  private assignment(node: CNode, state: State): State {
    const left = child(node, 'left');
    const right = child(node, 'right');
    const operator = child(node, 'operator')?.text;
    if (left && stripParens(left).type === 'identifier' && stripParens(left).text === this.name) {
      if (operator !== '=') this.read(state);
      const after = this.expression(right, state);
      if (after === 0) return 0;
      if (after === 2 && this.kills.length < 3 && !this.kills.includes(node)) this.kills.push(node);
      return 1;
    }
    return this.unsequenced([left, right].filter((kid): kid is CNode => kid !== undefined), state);
  }

  private call(node: CNode, state: State): State {
    const callee = child(node, 'function');
    const args = child(node, 'arguments');
    const calleeName = callee?.type === 'identifier' ? callee.text : '';
    if (calleeName === 'typeof' || calleeName === '__typeof__' || calleeName === 'offsetof') return state;
    // `foo(…, out)` may be a macro jumping to label `out`; an upper-case macro may jump to any label.
    for (const arg of args ? namedKids(args) : []) {
      if (arg.type === 'identifier' && this.labelNames.has(arg.text)) this.toLabel(arg.text, state);
    }
    if (macroName.test(calleeName)) this.mayJumpAnywhere(state);
    return this.unsequenced([callee, ...(args ? namedKids(args) : [])].filter((kid): kid is CNode => kid !== undefined), state);
  }

  // ---- statements --------------------------------------------------------------------------------------------

  private sequence(nodes: CNode[], state: State): State {
    let current = state;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      let bodyAt = i + 1;
      while (nodes[bodyAt]?.type === 'comment') bodyAt++;
      const body = nodes[bodyAt];
      if (isLoopMacroHead(node) && body) {
        current = this.loop(current, { condition: namedKids(node)[0], body, checkFirst: true });
        i = bodyAt;
        continue;
      }
      current = this.statement(node, current);
    }
    return current;
  }

  private statement(node: CNode, state: State): State {
    switch (node.type) {
      case 'compound_statement':
        return this.sequence(namedKids(node), state);
      case 'declaration':
        return this.declarationStatement(node, state);
      case 'expression_statement': {
        const expression = namedKids(node)[0];
        return expression ? this.expression(expression, state) : state;
      }
      case 'if_statement': {
        const condition = this.expression(child(node, 'condition'), state);
        const yes = this.statement(child(node, 'consequence')!, condition);
        const alternative = child(node, 'alternative');
        const otherwise = alternative ? this.statement(namedKids(alternative)[0] ?? alternative, condition) : condition;
        return join(yes, otherwise);
      }
      case 'else_clause':
        return this.sequence(namedKids(node), state);
      case 'while_statement':
        return this.loop(state, { condition: child(node, 'condition'), body: child(node, 'body')!, checkFirst: true });
      case 'do_statement':
        return this.loop(state, { condition: child(node, 'condition'), body: child(node, 'body')!, checkFirst: false });
      case 'for_statement':
        return this.forLoop(node, state);
      case 'switch_statement':
        return this.switchStatement(node, state);
      case 'break_statement':
        return this.leave(state, false);
      case 'continue_statement':
        return this.leave(state, true);
      case 'return_statement':
        this.expression(namedKids(node)[0], state);
        return 0;
      case 'goto_statement': {
        const label = child(node, 'label');
        if (!label) throw new GiveUp();
        this.toLabel(label.text, state);
        return 0;
      }
      case 'labeled_statement': {
        const label = child(node, 'label')?.text ?? '';
        const here = join(state, this.labels.get(label) ?? 0);
        const inner = namedKids(node).filter((kid) => kid.field !== 'label');
        return this.sequence(inner, here);
      }
      case 'preproc_if': case 'preproc_ifdef': case 'preproc_elif': case 'preproc_elifdef': case 'preproc_else':
        return this.conditionalBlock(node, state);
      case 'comment': case 'attributed_statement': case ';':
        return state;
      case 'case_statement':
        throw new GiveUp(); // a case label outside its switch's top level (Duff's device)
      case 'function_definition': {
        // `for_each_sched_entity(se) { … }` inside a body: tree-sitter reads a one-argument loop macro and its block as
        // a nested function definition. Taken as a loop whose body may run any number of times.
        const body = child(node, 'body');
        if (!body || node.kids.some((kid) => kid !== body && mentions(kid, this.name))) throw new GiveUp();
        return this.loop(state, { body, checkFirst: true, condition: undefined, update: undefined, macro: true });
      }
      default:
        if (mentions(node, this.name) || (node.type.startsWith('preproc_') && mentionsInText(node, this.name)) || hasControl(node)) {
          throw new GiveUp();
        }
        return state;
    }
  }

  private declarationStatement(node: CNode, state: State): State {
    let current = state;
    for (const kid of namedKids(node)) {
      if (kid.type === 'init_declarator') {
        current = this.expression(child(kid, 'value'), current);
        const declarator = child(kid, 'declarator');
        if (declarator && mentionsOutsideName(declarator, this.name)) this.read(current);
        // From here on (`int x = 0, y = x;` reads it already) the variable holds its initial value.
        if (node === this.declaration && declarator && declaredIdentifier(declarator)?.text === this.name) current = current === 0 ? 0 : 2;
      } else if (kid.type !== 'identifier' && mentions(kid, this.name)) {
        this.read(current); // `char buf[n]`, `typeof(n) m`: the declaration uses the variable
      }
    }
    return current;
  }

  /** `#ifdef CONFIG_X … #else … #endif` inside a function: any branch, or none, may be compiled. */
  private conditionalBlock(node: CNode, state: State): State {
    const alternative = child(node, 'alternative');
    const body = namedKids(node).filter((kid) => kid.field !== 'condition' && kid.field !== 'name' && kid.field !== 'alternative');
    const taken = this.sequence(body, state);
    if (node.type === 'preproc_else') return taken;
    const other = alternative ? this.statement(alternative, state) : state;
    return join(taken, other);
  }

  private leave(state: State, isContinue: boolean): State {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const frame = this.frames[i]!;
      if (isContinue && !frame.isLoop) continue;
      if (isContinue) frame.continues = join(frame.continues, state);
      else frame.breaks = join(frame.breaks, state);
      return 0;
    }
    throw new GiveUp();
  }

  private forLoop(node: CNode, state: State): State {
    const initializer = child(node, 'initializer');
    let current = state;
    if (initializer) current = initializer.type === 'declaration' ? this.declarationStatement(initializer, current) : this.expression(initializer, current);
    return this.loop(current, { condition: child(node, 'condition'), update: child(node, 'update'), body: child(node, 'body')!, checkFirst: true });
  }

  /** A loop whose body may run any number of times (none, for a checked-first loop) until the state settles. */
  private loop(entry: State, parts: { condition?: CNode; update?: CNode; body: CNode; checkFirst: boolean; macro?: boolean }): State {
    let head = entry;
    for (let round = 0; round < 4; round++) {
      const frame: Frame = { breaks: 0, continues: 0, isLoop: true };
      this.frames.push(frame);
      let exit: State;
      let after: State;
      try {
        if (parts.checkFirst) {
          const tested = parts.condition ? this.expression(parts.condition, head) : head;
          const body = this.statement(parts.body, tested);
          after = this.expression(parts.update, join(body, frame.continues));
          exit = join(parts.condition || parts.macro ? tested : 0, frame.breaks);
        } else {
          const body = this.statement(parts.body, head);
          after = this.expression(parts.condition, join(body, frame.continues));
          exit = join(after, frame.breaks);
        }
      } finally {
        this.frames.pop();
      }
      const next = join(entry, after);
      if (next === head) return exit;
      head = next;
    }
    throw new GiveUp();
  }

  private switchStatement(node: CNode, state: State): State {
    const tested = this.expression(child(node, 'condition'), state);
    const body = child(node, 'body');
    if (!body) throw new GiveUp();
    const frame: Frame = { breaks: 0, continues: 0, isLoop: false };
    this.frames.push(frame);
    let current: State = 0;
    let hasDefault = false;
    try {
      for (const kid of namedKids(body)) {
        if (kid.type !== 'case_statement') {
          current = this.statement(kid, current);
          continue;
        }
        if (!child(kid, 'value')) hasDefault = true;
        current = join(current, tested);
        current = this.sequence(namedKids(kid).filter((part) => part.field !== 'value'), current);
      }
    } finally {
      this.frames.pop();
    }
    return join(join(current, frame.breaks), hasDefault ? 0 : tested);
  }
}

/** The identifier a declarator declares (`*p`, `**p`, `(p)`); undefined for arrays and functions. */
export function declaredIdentifier(declarator: CNode): CNode | undefined {
  let current: CNode | undefined = declarator;
  while (current) {
    if (current.type === 'identifier') return current;
    if (current.type !== 'pointer_declarator' && current.type !== 'parenthesized_declarator') return undefined;
    current = current.type === 'pointer_declarator' ? child(current, 'declarator') : namedKids(current)[0];
  }
  return undefined;
}

/** Macro bodies are text to tree-sitter (`preproc_arg`): the name is looked for as a word. */
function mentionsInText(node: CNode, name: string): boolean {
  const word = new RegExp(`\\b${name}\\b`);
  const visit = (current: CNode): boolean => (current.kids.length === 0 ? word.test(current.text) : current.kids.some(visit));
  return visit(node);
}

/** `list_for_each_entry(pos, head, member)` followed by its body: tree-sitter sees a call missing its `;`. */
function isLoopMacroHead(node: CNode): boolean {
  if (node.type !== 'expression_statement') return false;
  const last = node.kids.at(-1);
  return last?.type === ';' && last.missing && namedKids(node)[0]?.type === 'call_expression';
}

/** Anything that leaves the straight line: a statement of a kind the walk does not know must not hide one. */
function hasControl(node: CNode): boolean {
  return node.type === 'goto_statement' || node.type === 'return_statement' || node.type === 'break_statement'
    || node.type === 'continue_statement' || node.type === 'labeled_statement' || node.type === 'case_statement'
    || node.kids.some(hasControl);
}

function mentionsOutsideName(declarator: CNode, name: string): boolean {
  if (declarator.type === 'identifier') return false;
  return declarator.kids.some((kid) => (kid.field === 'declarator' ? mentionsOutsideName(kid, name) : mentions(kid, name)));
}

/** Labels of the function: a hidden `goto` in a macro can only go to one of them. */
export function labelsOf(body: CNode): Set<string> {
  const labels = new Set<string>();
  const visit = (node: CNode) => {
    if (node.type === 'labeled_statement') {
      const label = child(node, 'label');
      if (label) labels.add(label.text);
    }
    node.kids.forEach(visit);
  };
  visit(body);
  return labels;
}

export function initialValueVerdict(body: CNode, name: string, declaration: CNode, labels: Set<string>): Verdict {
  return new InitialValueFlow(name, declaration, labels).run(body);
}
