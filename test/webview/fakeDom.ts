/**
 * Just enough of a DOM for the panel's render helpers to run in Node. Any attempt to parse markup
 * (innerHTML, outerHTML, insertAdjacentHTML) throws, so a test proves the helpers never do it.
 */
export class FakeNode {
  readonly children: FakeNode[] = [];
  readonly attributes = new Map<string, string>();
  readonly listeners = new Map<string, (() => void)[]>();
  parent: FakeNode | null = null;
  constructor(readonly nodeName: string, private text = '') {}

  get textContent(): string {
    return this.nodeName === '#text' ? this.text : this.children.map((child) => child.textContent).join('');
  }
  set textContent(value: string) {
    this.children.length = 0;
    this.append(new FakeNode('#text', value));
  }
  set innerHTML(_value: string) {
    throw new Error('innerHTML used');
  }
  set outerHTML(_value: string) {
    throw new Error('outerHTML used');
  }
  insertAdjacentHTML(): void {
    throw new Error('insertAdjacentHTML used');
  }
  get id(): string {
    return this.attributes.get('id') ?? '';
  }
  get className(): string {
    return this.attributes.get('class') ?? '';
  }
  set className(value: string) {
    this.attributes.set('class', value);
  }
  readonly classList = { add: () => {}, remove: () => {} };
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, String(value));
  }
  appendChild(child: FakeNode): FakeNode {
    child.parent = this;
    this.children.push(child);
    return child;
  }
  append(...children: (FakeNode | string)[]): void {
    for (const child of children) this.appendChild(typeof child === 'string' ? new FakeNode('#text', child) : child);
  }
  replaceChildren(...children: (FakeNode | string)[]): void {
    this.children.length = 0;
    this.append(...children);
  }
  addEventListener(type: string, listener: () => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  click(): void {
    for (const listener of this.listeners.get('click') ?? []) listener();
  }
  *walk(): Generator<FakeNode> {
    yield this;
    for (const child of this.children) yield* child.walk();
  }
}

export class FakeDocument {
  readonly body = new FakeNode('BODY');
  createElement(tag: string): FakeNode {
    return new FakeNode(tag.toUpperCase());
  }
  createTextNode(text: string): FakeNode {
    return new FakeNode('#text', text);
  }
  getElementById(id: string): FakeNode | null {
    for (const node of this.body.walk()) if (node.id === id) return node;
    return null;
  }
  querySelectorAll(): FakeNode[] {
    return [];
  }
}

/** Installs a fresh fake document with the given element ids under body; returns it. */
export function installFakeDocument(ids: string[]): FakeDocument {
  const fake = new FakeDocument();
  for (const id of ids) {
    const element = fake.createElement(id === 'phases' || id === 'counters' ? 'table' : 'div');
    element.setAttribute('id', id);
    fake.body.appendChild(element);
  }
  (globalThis as { document?: unknown }).document = fake;
  return fake;
}
