// offload-review: the command-line face of the engine. Subcommands live in src/cli/commands/.
async function main(argv: string[]): Promise<number> {
  void argv;
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`offload-review: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
