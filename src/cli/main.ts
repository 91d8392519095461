// STUB — the CLI helper replaces this.
export async function main(_argv: string[]): Promise<number> {
  process.stderr.write('dossier: not yet implemented\n');
  return 1;
}
