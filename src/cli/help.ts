// What `dossier --help` and `dossier help <command>` print.

export const USAGE = `Dossier reads a news report and writes a sourced record (dossier/analysis@1): who said what,
entities, figures, dates and events, each anchored to character offsets in the text.

Usage:
  dossier analyze FILE|URL|-  [--published YYYY-MM-DD] [--title T] [--format json|pretty]
                              [--tokens] [--allow-private]
  dossier analyze --jsonl [FILE|-] [--workers N] [--tokens] [--allow-private]
  dossier demo
  dossier help [command]
  dossier --help | --version

Commands:
  analyze   analyse one article (a file, a URL, or - for stdin), or a batch of JSON lines
  demo      analyse the bundled reference article and show it marked up
  help      show this help, or the help of one command

Exit status: 0 ok, 1 the input could not be read or analysed, 2 a usage error, 70 an internal error.
Set DOSSIER_DEBUG=1 to see stack traces.
`;

export const COMMAND_HELP: Record<string, string> = {
  analyze: `Usage:
  dossier analyze FILE|URL|-  [options]     one article -> one JSON document (2-space indented)
  dossier analyze --jsonl [FILE|-] [options] a batch: one JSON object per line in, one per line out

Input:
  FILE        a plain-text (UTF-8) or HTML file; plain text is analysed exactly as written
  URL         an http(s) address; the article body is extracted from the page
  -           read the article from standard input

Options:
  --published YYYY-MM-DD  the publication date, used to resolve "Monday", "last year" …
  --title T               the article's title
  --format json|pretty    json (default), or pretty: the text marked up for a person
  --tokens                add the per-token array to the output
  --allow-private         allow URLs on private, loopback or link-local addresses
  --jsonl                 batch mode: read JSON lines from FILE or standard input
  --workers N             batch mode: analyse on N worker threads (default 1; 0 or auto = one per core)
  -h, --help              show this help

Batch lines:
  Each input line is {"id"?, "text"? | "html"?, "url"?, "title"?, "published"?}. Each output line is the
  analysis of the input line in the same position, or {"id", "line", "error": {"code", "message"}} when
  that line could not be analysed (a blank line gives DOSSIER_JSONL_BAD_LINE). The batch always runs to
  the end; the exit status is 0 once it ran, whatever the per-line errors.
`,
  demo: `Usage:
  dossier demo

Analyses the bundled reference article (examples/lavrov-2022-03-28.txt, published 2022-03-28) and
prints it marked up: quotes and reported content per speaker, cues by stance, figures and dates.
`,
  help: `Usage:
  dossier help [command]

Shows the general help, or the help of one command (analyze, demo).
`,
};
