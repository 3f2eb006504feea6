// A minimal server-side JSX runtime: every child and attribute value is escaped unless it is
// explicitly wrapped in `raw()`, so a forgotten escape cannot turn into an XSS hole.

export class SafeHtml {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

export type Child = SafeHtml | string | number | boolean | null | undefined | Child[];

export function raw(html: string): SafeHtml {
  return new SafeHtml(html);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function renderChild(child: Child, out: string[]): void {
  if (child === null || child === undefined || child === false || child === true) return;
  if (Array.isArray(child)) {
    for (const c of child) renderChild(c, out);
    return;
  }
  if (child instanceof SafeHtml) {
    out.push(child.html);
    return;
  }
  out.push(escapeHtml(String(child)));
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

type Props = Record<string, unknown> & { children?: Child };
type Component = (props: any) => SafeHtml;

function attributeName(name: string): string {
  if (name === 'className') return 'class';
  if (name === 'htmlFor') return 'for';
  return name;
}

export function jsx(type: string | Component, props: Props): SafeHtml {
  if (typeof type === 'function') return type(props);
  const out: string[] = ['<', type];
  for (const [key, value] of Object.entries(props)) {
    if (key === 'children' || value === undefined || value === null || value === false) continue;
    const name = attributeName(key);
    if (!/^[a-zA-Z_:][-a-zA-Z0-9_:.]*$/.test(name)) throw new Error(`invalid attribute name ${name}`);
    if (value === true) out.push(' ', name);
    else out.push(' ', name, '="', escapeHtml(String(value)), '"');
  }
  out.push('>');
  if (VOID.has(type)) return new SafeHtml(out.join(''));
  renderChild(props.children, out);
  out.push('</', type, '>');
  return new SafeHtml(out.join(''));
}

export const jsxs = jsx;
export const jsxDEV = jsx;

export function Fragment(props: { children?: Child }): SafeHtml {
  const out: string[] = [];
  renderChild(props.children, out);
  return new SafeHtml(out.join(''));
}

export namespace JSX {
  export type Element = SafeHtml;
  export interface ElementChildrenAttribute {
    children: {};
  }
  export interface IntrinsicElements {
    [name: string]: Record<string, unknown> & { children?: Child };
  }
}
