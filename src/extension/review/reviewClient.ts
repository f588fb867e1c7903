import type { Finding, Fix } from '../../core/review/finding';
import type { InputKind } from '../../core/patch/types';
import type { RuleInfo } from '../../core/review/rule';
import type { FromReviewWorker, ReviewSettings, TextChange, ToReviewWorker } from '../../core/review/workerProtocol';
import type { ReviewWorkerPort } from './workerPort';

/** A review done by the worker; fixes are computed there when asked for. */
export interface HostReviewResult {
  kind: InputKind;
  findings: Finding[];
  notes: string[];
  /** Milliseconds the worker spent. */
  ms: number;
  /** The patch identity the review state keys the document by (patchIdentity); absent when it carries none. */
  identity?: string;
  fixes(finding: number | Finding): Promise<Fix[]>;
}

/** The review engine as the extension host sees it: everything runs in the worker, answers come as promises. */
export interface HostReviewEngine {
  readonly rules: readonly RuleInfo[];
  /** A one-off review of a text (a workspace file, the text being exported): no session is kept. */
  review(text: string, settings?: ReviewSettings): Promise<HostReviewResult>;
  /**
   * A review of an open document at `version`, incremental against the last one. Undefined when a newer version
   * overtook it (the worker stopped it). `text` is only read when the worker lacks that version.
   */
  reviewDocument(key: string, version: number, text: () => string, settings: ReviewSettings): Promise<HostReviewResult | undefined>;
  /** Forwards a document's edits as they happen, so a review sends no text; stops a running review of it. */
  edit(key: string, fromVersion: number, version: number, changes: TextChange[]): void;
  forget(key: string): void;
  dispose(): void;
}

type Reply = Extract<FromReviewWorker, { id: number }>;

interface Waiting {
  settle(reply: Reply): void;
  fail(reason: string): void;
}

/** The host's side of the protocol: request ids, the versions the worker holds, the interrupt counter. */
export class ReviewWorkerClient implements HostReviewEngine {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  /** The version of each document the worker has (as far as the host sent it). */
  private readonly workerVersion = new Map<string, number>();
  /** Documents with a review in flight: an edit of one of them interrupts it. */
  private readonly inFlight = new Map<string, number>();
  private failure: string | undefined;
  private oneOff = 0;

  private constructor(
    private readonly port: ReviewWorkerPort,
    readonly rules: readonly RuleInfo[],
    private readonly interrupt: Int32Array | undefined,
  ) {
    port.onMessage((message) => {
      if (!('id' in message)) return;
      const waiting = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      waiting?.settle(message);
    });
    port.onError((reason) => this.fail(reason));
  }

  /** Sends the grammar and word list once and waits until the worker has loaded them. */
  static async start(port: ReviewWorkerPort, assets: { runtimeWasm: Uint8Array; grammarWasm: Uint8Array; englishWords: string }): Promise<ReviewWorkerClient> {
    const shared = typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(4) : undefined;
    const ready = new Promise<RuleInfo[]>((resolve, reject) => {
      port.onMessage((message) => {
        if (message.type === 'ready') resolve(message.rules);
        else if (message.type === 'init-failed') reject(new Error(message.message));
      });
      port.onError((reason) => reject(new Error(reason)));
    });
    port.post({ type: 'init', ...assets, ...(shared ? { interrupt: shared } : {}) });
    try {
      return new ReviewWorkerClient(port, await ready, shared ? new Int32Array(shared) : undefined);
    } catch (error) {
      port.terminate();
      throw error;
    }
  }

  async review(text: string, settings: ReviewSettings = {}): Promise<HostReviewResult> {
    const key = `one-off:${++this.oneOff}`;
    const result = await this.send(key, 0, text, settings, false);
    if (!result || result === 'needs-text') throw new Error('the review was overtaken');
    return result;
  }

  async reviewDocument(key: string, version: number, text: () => string, settings: ReviewSettings): Promise<HostReviewResult | undefined> {
    const held = this.workerVersion.get(key) === version;
    const result = await this.send(key, version, held ? undefined : text(), settings, true);
    if (result !== 'needs-text') return result;
    // The worker lost the text (an edit arrived out of order): once more, with the text.
    return this.send(key, version, text(), settings, true).then((again) => (again === 'needs-text' ? undefined : again));
  }

  edit(key: string, fromVersion: number, version: number, changes: TextChange[]): void {
    if (!this.workerVersion.has(key)) return;
    this.post({ type: 'edit', key, fromVersion, version, changes });
    this.workerVersion.set(key, this.workerVersion.get(key) === fromVersion ? version : -1);
    if (this.inFlight.has(key)) this.bump();
  }

  forget(key: string): void {
    this.workerVersion.delete(key);
    this.post({ type: 'forget', key });
  }

  dispose(): void {
    this.fail('the review worker was stopped');
    this.port.terminate();
  }

  private send(key: string, version: number, text: string | undefined, settings: ReviewSettings, session: boolean) {
    return new Promise<HostReviewResult | undefined | 'needs-text'>((resolve, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, {
        fail: (reason) => reject(new Error(reason)),
        settle: (reply) => {
          if (this.inFlight.get(key) === id) this.inFlight.delete(key);
          if (reply.type === 'reviewed') resolve(this.resultOf(key, version, reply));
          else if (reply.type === 'needs-text') {
            this.workerVersion.delete(key);
            resolve('needs-text');
          } else if (reply.type === 'review-failed') reject(new Error(reply.message));
          else resolve(undefined);
        },
      });
      this.inFlight.set(key, id);
      if (text !== undefined && session) this.workerVersion.set(key, version);
      // A newer request stops the running review: it comes back after this one (and after smaller documents).
      this.bump();
      this.post({ type: 'review', id, key, version, settings, session, ...(text !== undefined ? { text } : {}) });
    });
  }

  private resultOf(key: string, version: number, reply: Extract<FromReviewWorker, { type: 'reviewed' }>): HostReviewResult {
    const { findings } = reply;
    return {
      kind: reply.kind, findings, notes: reply.notes, ms: reply.ms, ...(reply.identity !== undefined ? { identity: reply.identity } : {}),
      fixes: (finding) => {
        const index = typeof finding === 'number' ? finding : findings.indexOf(finding);
        if (index < 0 || key.startsWith('one-off:')) return Promise.resolve([]);
        return new Promise<Fix[]>((resolve, reject) => {
          const id = this.nextId++;
          this.waiting.set(id, { fail: (reason) => reject(new Error(reason)), settle: (answer) => resolve(answer.type === 'fixes' ? answer.fixes : []) });
          this.post({ type: 'fixes', id, key, version, finding: index });
        });
      },
    };
  }

  private bump(): void {
    if (this.interrupt) Atomics.add(this.interrupt, 0, 1);
  }

  private post(message: ToReviewWorker): void {
    if (this.failure) {
      const id = 'id' in message ? message.id : undefined;
      if (id !== undefined) {
        const waiting = this.waiting.get(id);
        this.waiting.delete(id);
        waiting?.fail(this.failure);
      }
      return;
    }
    this.port.post(message);
  }

  private fail(reason: string): void {
    this.failure ??= reason;
    for (const waiting of this.waiting.values()) waiting.fail(reason);
    this.waiting.clear();
    this.inFlight.clear();
  }
}
