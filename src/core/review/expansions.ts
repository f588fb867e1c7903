/** Spelled-out forms of common kernel abbreviations, used when the patch's own prose offers none. */
const table: Record<string, string> = {
  mig: 'migration', cfg: 'config', conf: 'config', mgr: 'manager', mngr: 'manager', drv: 'driver', ctrl: 'control',
  ctl: 'control', hdr: 'header', msg: 'message', mem: 'memory', sz: 'size', cmd: 'command', req: 'request', resp: 'response',
  rsp: 'response', pos: 'position', cnt: 'count', calc: 'calculate', mdl: 'module', mod: 'module', stat: 'status',
  sts: 'status', evt: 'event', ent: 'entry', tbl: 'table', blk: 'block', xfer: 'transfer',
  mgmt: 'management', sync: 'synchronize', async: 'asynchronous', thr: 'threshold', thrd: 'thread', wrk: 'work',
  lst: 'list', elem: 'element', prio: 'priority', pol: 'policy', sel: 'select', hndl: 'handle', hnd: 'handler',
  clnt: 'client', arr: 'array', ary: 'array', tsk: 'task', proc: 'process', pg: 'page', srv: 'server', svc: 'service', conn: 'connection', notif: 'notification', usr: 'user',
};

/** Lower-case words of running text, in order (`Offload-Copy drivers` → offload, copy, drivers). */
export function proseWords(prose: string): string[] {
  return (prose.match(/[A-Za-z]+/g) ?? []).map((word) => word.toLowerCase());
}

/**
 * Finds the abbreviation as prefixes of consecutive prose words (`offc` ← "Offload-Copy": off + c), the
 * longest-known form first: two or more words, then one word it abbreviates. Returns words joined by `_`.
 */
export function expandFromProse(abbreviation: string, words: readonly string[]): string | undefined {
  for (let start = 0; start < words.length; start++) {
    const match = prefixCover(abbreviation, words, start);
    if (match && match.length >= 2) return match.join('_');
  }
  for (const word of words) {
    if (word.length > abbreviation.length && word !== abbreviation && word.startsWith(abbreviation.slice(0, 2)) && isSubsequence(abbreviation, word)) {
      return word;
    }
  }
  return undefined;
}

/** Words from `start` whose non-empty prefixes, concatenated, spell `abbreviation` exactly. */
function prefixCover(abbreviation: string, words: readonly string[], start: number): string[] | undefined {
  if (abbreviation === '') return [];
  const word = words[start];
  if (word === undefined || word.length < 3 || word[0] !== abbreviation[0]) return undefined;
  for (let length = Math.min(word.length, abbreviation.length); length >= 1; length--) {
    if (word.slice(0, length) !== abbreviation.slice(0, length)) continue;
    const rest = prefixCover(abbreviation.slice(length), words, start + 1);
    // A word fully spelled out is no abbreviation of a longer phrase: demand at least one shortened word.
    if (rest && (rest.length > 0 || length < word.length)) return [word, ...rest];
  }
  return undefined;
}

function isSubsequence(short: string, long: string): boolean {
  let index = 0;
  for (const char of long) if (char === short[index]) index++;
  return index === short.length;
}

export function expandAbbreviation(abbreviation: string, prose: string): string | undefined {
  return expandFromProse(abbreviation, proseWords(prose)) ?? table[abbreviation];
}
