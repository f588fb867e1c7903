/**
 * The only way the panel builds DOM: elements from a tag, attributes and children, where every string
 * child becomes a Text node. Document-derived text (names, log lines) therefore can never turn into
 * markup; the panel's code has no innerHTML/outerHTML/insertAdjacentHTML at all (a unit test greps it).
 */

type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    // Event-handler attributes would be inline script; the CSP blocks them and so does this helper.
    if (/^on/i.test(name) || name === 'style') throw new Error(`h(): attribute ${name} is not allowed`);
    element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`panel: element #${id} is missing from the template`);
  return element as T;
}

export function codicon(name: string): HTMLSpanElement {
  return h('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}
