// Option parsing shared by the bench commands: strict options, a usage text on error and for --help.
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; strict: true; options: O }>>['values'];

/** The parsed values, or the exit status to return (2 after a usage error, 0 after --help). */
export function parseBenchArgs<O extends Options>(argv: string[], options: O, usage: string): Values<O> | number {
  let values: Values<O>;
  try {
    ({ values } = parseArgs({ args: argv, strict: true, options }));
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).message}\n${usage}`);
    return 2;
  }
  if ((values as { help?: boolean }).help) {
    process.stdout.write(usage);
    return 0;
  }
  return values;
}
