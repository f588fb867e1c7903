/**
 * Every command the extension registers, by one name each. Features register and execute commands only through
 * this table, and a test holds it against the manifest: each contributed command is registered here, and each id
 * here is either contributed or listed as internal. No `vscode` import, so plain Node tests can read it.
 */
export const COMMAND = {
  simulateMigration: 'kernelOffload.simulateMigration',
  simulateWithMigrator: 'kernelOffload.simulateWithMigrator',
  reviewWorkspace: 'kernelOffload.reviewWorkspace',
  exportReviewAsReply: 'kernelOffload.exportReviewAsReply',
  runCheckpatch: 'kernelOffload.runCheckpatch',
  threadReply: 'kernelOffload.threads.reply',
  threadResolve: 'kernelOffload.threads.resolve',
  threadReopen: 'kernelOffload.threads.reopen',
  threadEditComment: 'kernelOffload.threads.editComment',
  threadSaveComment: 'kernelOffload.threads.saveComment',
  threadCancelEdit: 'kernelOffload.threads.cancelEdit',
  threadDeleteComment: 'kernelOffload.threads.deleteComment',
  showRuleDocumentation: 'kernelOffload.showRuleDocumentation',
  showHints: 'kernelOffload.showHints',
  openExample: 'kernelOffload.openExample',
  disableRule: 'kernelOffload.disableRule',
  /** Runs after any of our fixes is applied: the walkthrough's "Apply a fix" step completes on it. */
  fixApplied: 'kernelOffload.fixApplied',
  /** Test channel: what the open panel shows, as the webview reports it. */
  panelTestState: 'kernelOffload.simulation.testState',
  /** The E2E journeys bind a key to it to learn which entry and runtime run. */
  testHostKind: 'kernelOffload.test.hostKind',
  /** The kernel-scale journey binds a key to it (reset, then read). */
  testEventLoopDelay: 'kernelOffload.test.eventLoopDelay',
} as const;

/**
 * Commands called only by code: a code action's command (disable a rule, count an applied fix) and the probes the
 * end-to-end tests bind to keys. They stay out of the Command Palette, so the manifest does not contribute them.
 */
export const INTERNAL_COMMANDS: readonly string[] = [COMMAND.disableRule, COMMAND.fixApplied, COMMAND.panelTestState, COMMAND.testHostKind, COMMAND.testEventLoopDelay];
