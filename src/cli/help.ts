// What `dossier --help` and `dossier help <command>` print.

export const USAGE = `Dossier reads a news report and writes a sourced record (dossier/analysis@1): who said what,
entities, figures, dates and events, each anchored to character offsets in the text.

Usage:
  dossier analyze FILE|URL|-  [--published YYYY-MM-DD] [--title T] [--format json|pretty]
                              [--tokens] [--allow-private]
  dossier analyze --jsonl [FILE|-] [--workers N] [--tokens] [--allow-private]
  dossier demo [--port 8080] [--host 127.0.0.1] | dossier demo --print
  dossier serve [--host 127.0.0.1] [--port 8080] [--db FILE|postgres://…] [--token T]
  dossier ingest PATH|URL|FEED …  [--db FILE|postgres://…] [--workers N] [--watch SECONDS]
                              [--allow-private] [--published YYYY-MM-DD]
  dossier reanalyze [--all] [--db …] [--workers N]
  dossier quotes [--by NAME | --about TEXT]  [--from DATE] [--to DATE]
  dossier timeline NAME · dossier figures [--subject S] [--measure M] · dossier events [--code C] [--modality M]
  dossier claims · dossier search TEXT · dossier entities [--type T] · dossier entity NAME
  dossier merge A B [--reason TEXT] · dossier unmerge MERGE_ID
  dossier export --format jsonl|csv --what analyses|quotes|figures|events|entities [--out FILE]
  dossier help [command]
  dossier --help | --version

Commands:
  analyze   analyse one article (a file, a URL, or - for stdin), or a batch of JSON lines
  demo      the demo corpus in a temporary store, served with the web app (--print: one article marked up)
  serve     the HTTP API and the web app over the store
  ingest    read files, folders, .jsonl batches, pages and feeds into the store (default dossier.db)
  reanalyze re-run the current extractor over the stored articles
  quotes    what a person said over time (--by), what was said about a topic (--about), or every statement
  timeline  an entity's statements, statements about it and its events, by date
  figures   a figure over time (--subject civilians --measure killed), each value with its source
  events    events by CAMEO code and modality (e.g. --code 04 --modality planned: proposed meetings)
  claims    denials and accusations linked to the statements they answer
  search    full-text search over articles and quotes
  entities  the people, organisations and places across articles; entity NAME shows one
  merge     join two entities (undoable); unmerge undoes a merge
  export    everything, complete: JSON lines of the contract, or CSV of quotes/figures/events/entities
  help      show this help, or the help of one command

Every answer names its article and the character span it comes from; question commands print a table,
or --json / --jsonl for programs. Store commands take --db FILE|postgres://… (default dossier.db).

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
  dossier demo [--port 8080] [--host 127.0.0.1]
  dossier demo --print

Ingests the bundled demo corpus (examples/: the reference article lavrov-2022-03-28.txt and 34 Wikinews
reports) into a temporary SQLite store, serves the web app and the API on it, and prints the address,
the write token and a few things to try; Ctrl-C stops it and removes the store. When the port is taken
the next ones are tried, then any free port.

--print analyses the reference article (published 2022-03-28) and prints it marked up instead: quotes
and reported content per speaker, cues by stance, figures and dates. No server, no store.
`,
  serve: `Usage:
  dossier serve [--host 127.0.0.1] [--port 8080] [--db FILE|postgres://…] [--token T]

Serves the HTTP API (/api/…, described at /openapi.json) and the web app (built into dist/web by
npm run build) over the store. Reading is open to whoever can reach the address; writes (POST
/api/ingest, POST and DELETE /api/merges) need "Authorization: Bearer <token>". The token is --token,
else DOSSIER_TOKEN, else a random one printed once at start. Ctrl-C (or SIGTERM) stops the server and
closes the store.

Options:
  --host ADDRESS   where to listen (default 127.0.0.1, this machine only; 0.0.0.0 for every interface)
  --port N         the port (default 8080; 0 = any free port)
  --db FILE|URL    the store: a SQLite file (default dossier.db here) or postgres://user@host/db
  --token T        the write token (at least 8 characters)
`,
  help: `Usage:
  dossier help [command]

Shows the general help, or the help of one command (analyze, demo, serve, ingest, reanalyze, quotes, timeline,
figures, events, claims, search, entities, entity, merge, unmerge, export).
`,
  ingest: `Usage:
  dossier ingest PATH|URL|FEED … [options]

Reads articles into the store. Each input is
  FILE        a .txt (plain text) or .html/.htm page; a file named here is read whatever its name
  FOLDER      every .txt, .html, .htm, .jsonl and feed (.xml .rss .atom) file in it, recursively, in name
              order; hidden files and other kinds are skipped, with the reason in the summary
  FILE.jsonl  one article per line, as in \`dossier analyze --jsonl\`: {"id"?, "text"?|"html"?, "url"?,
              "title"?, "published"?}
  URL         a web page (the article is extracted), or an RSS 2.0 / RSS 1.0 / Atom feed (told by its
              content): each entry's link is fetched and ingested with the feed's title, link and date
  -           one article from standard input

An article whose text is already stored (same content hash) is a duplicate: it is not analysed again.
Writes are transactions of whole articles, so a run that is killed can simply be run again.

Options:
  --db FILE|URL          the store: a SQLite file (default dossier.db here) or postgres://user@host/db
  --workers N            analyse on N worker threads (default 1; 0 or auto = one per core)
  --watch SECONDS        after the first pass, poll the feeds among the inputs every SECONDS (at least 5)
                         with conditional GET (ETag / Last-Modified); Ctrl-C stops cleanly
  --allow-private        allow URLs on private, loopback or link-local addresses
  --published DATE       the publication date for articles that carry none of their own
  --batch N              articles per write transaction (default 128)
  --json                 print the summary as one JSON object
  --no-progress          no progress bar (it is drawn only when standard error is a terminal)
  -h, --help             show this help

The summary counts articles ingested, duplicates and failures (grouped by error code, with examples).
Exit status 0 once the run finished, 1 when every article failed.
`,
  reanalyze: `Usage:
  dossier reanalyze [--all] [--db FILE|URL] [--workers N] [--json]

Re-runs the current extractor over the stored snapshots whose extractor version differs from it (all of
them with --all), replaces their records, and re-links the story (entities, duplicates, claims); merges
you made by hand are re-applied where both entities still exist.
`,
  quotes: `Usage:
  dossier quotes --by NAME [--from DATE] [--to DATE]   what NAME said (any spelling: Lavrov, Sergei Lavrov)
  dossier quotes --about TEXT [--from --to]            statements about an entity, or containing the words
  dossier quotes [--from --to]                         every statement in the store, by publication date

Options: --db, --json (one JSON document), --jsonl (one row per line), --limit N (rows per page; every
page is printed), --width N (table width).
`,
  timeline: `Usage:
  dossier timeline NAME [--from DATE] [--to DATE] [--db …] [--json|--jsonl]

What NAME said, what was said about it and the events it takes part in, by date.
`,
  figures: `Usage:
  dossier figures [--subject S] [--measure M] [--from DATE] [--to DATE] [--db …] [--json|--jsonl]

Each figure with its date, value, qualifier (about, at least …) and who gave it, in time order, then the
distinct values with how many independent sources reported each.
`,
  events: `Usage:
  dossier events [--code C] [--modality M] [--from DATE] [--to DATE] [--db …] [--json|--jsonl]

Events by CAMEO code prefix (04 consult, 036 express intent to meet …) and modality (asserted, planned,
conditional, negated, …), with their venues.
`,
  claims: `Usage:
  dossier claims [--db …] [--json|--jsonl]

Denials and accusations ("Kyiv dismissed Russia's claims") with the statements they answer.
`,
  search: `Usage:
  dossier search TEXT [--kind article|quote] [--from DATE] [--to DATE] [--db …] [--json|--jsonl]
`,
  entities: `Usage:
  dossier entities [--type PER|ORG|LOC|MISC] [--name TEXT] [--db …] [--json|--jsonl]
  dossier entity NAME|ID                      one entity: aliases, descriptors over time, merges
`,
  entity: `Usage:
  dossier entity NAME|ID [--db …] [--json]

One entity across articles: its aliases and descriptors with when they were first and last seen, the
articles it is linked in (with why), and the merges that joined other entities to it.
`,
  merge: `Usage:
  dossier merge A B [--reason TEXT] [--db …]   join entity B into entity A (names or ids); prints the merge id
  dossier unmerge MERGE_ID [--db …]            undo it: B stands alone again with exactly its own evidence
`,
  unmerge: `Usage:
  dossier unmerge MERGE_ID [--db …]
`,
  export: `Usage:
  dossier export --format jsonl|csv --what analyses|quotes|figures|events|entities [--out FILE] [--db …]

Writes every row (paging through the store to the end; there is no cap). jsonl of analyses writes one
dossier/analysis@1 document per line, with the store's article id; csv writes a header and RFC 4180
quoted rows, each with the article id and the character span (start, end) of the row.
`,
};
