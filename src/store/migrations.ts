// Versioned schema migrations, as data: each version has the statements for SQLite and for PostgreSQL,
// with the same tables, columns and meaning. A version, once committed, is never edited: a change is a
// new version. Applied versions are recorded in schema_migrations(version, name, applied_at).
//
// Layout shared by both: `article` holds the snapshot and the whole analysis JSON (its text left out,
// it is the snapshot); one table per record kind holds the normalised rows, each keyed by
// (article_id, local_id) and carrying its character span, plus `pub_key` (the publication date, or ''
// when unknown) so that row queries page in time order over one index.

export interface Migration {
  version: number;
  name: string;
  sqlite: string[];
  postgres: string[];
}

// Sort and id columns compare byte-wise in PostgreSQL too ("C"), so both stores page in the same order.
const K = 'TEXT COLLATE "C"';

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'articles and analysis rows',
    sqlite: [
      `CREATE TABLE article (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL UNIQUE,
        external_id TEXT, url TEXT, title TEXT, published TEXT,
        pub_key TEXT NOT NULL, published_from TEXT,
        found_via TEXT NOT NULL, extractor_version TEXT NOT NULL, ingested_at TEXT NOT NULL,
        html TEXT, text TEXT NOT NULL, analysis TEXT NOT NULL, dup_group TEXT)`,
      `CREATE INDEX article_dup_group ON article(dup_group) WHERE dup_group IS NOT NULL`,
      `CREATE INDEX article_external_id ON article(external_id)`,
      `CREATE TABLE entity (
        article_id TEXT NOT NULL REFERENCES article(id) ON DELETE CASCADE,
        local_id TEXT NOT NULL, pub_key TEXT NOT NULL,
        type TEXT NOT NULL, name TEXT NOT NULL, name_lc TEXT NOT NULL,
        descriptors TEXT NOT NULL, mentions TEXT NOT NULL,
        PRIMARY KEY (article_id, local_id))`,
      `CREATE INDEX entity_sort ON entity(pub_key, article_id, local_id)`,
      `CREATE TABLE mention (
        article_id TEXT NOT NULL REFERENCES article(id) ON DELETE CASCADE,
        entity_id TEXT NOT NULL, start_at INTEGER NOT NULL, end_at INTEGER NOT NULL, text TEXT NOT NULL)`,
      `CREATE INDEX mention_article ON mention(article_id, entity_id)`,
      `CREATE TABLE attribution (
        rid INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES article(id) ON DELETE CASCADE,
        local_id TEXT NOT NULL, pub_key TEXT NOT NULL,
        start_at INTEGER NOT NULL, end_at INTEGER NOT NULL,
        kind TEXT NOT NULL, stance TEXT,
        cue_lemma TEXT NOT NULL, cue_class TEXT, cue_start INTEGER NOT NULL, cue_end INTEGER NOT NULL, cue_text TEXT NOT NULL,
        source_start INTEGER, source_end INTEGER, source_text TEXT, source_entity TEXT, speaker_name TEXT,
        content TEXT NOT NULL, quote_text TEXT NOT NULL,
        confidence REAL, rule TEXT, resolution TEXT, addressee_start INTEGER, addressee_end INTEGER,
        UNIQUE (article_id, local_id))`,
      `CREATE INDEX attribution_sort ON attribution(pub_key, article_id, start_at, local_id)`,
      `CREATE INDEX attribution_source ON attribution(article_id, source_entity)`,
      `CREATE TABLE figure (
        article_id TEXT NOT NULL REFERENCES article(id) ON DELETE CASCADE,
        local_id TEXT NOT NULL, pub_key TEXT NOT NULL,
        start_at INTEGER NOT NULL, end_at INTEGER NOT NULL, text TEXT NOT NULL,
        value REAL NOT NULL, value_max REAL, unit TEXT, qualifier TEXT NOT NULL,
        subject TEXT, subject_lc TEXT, measure TEXT, measure_lc TEXT,
        attribution_id TEXT, source_text TEXT,
        PRIMARY KEY (article_id, local_id))`,
      `CREATE INDEX figure_sort ON figure(pub_key, article_id, start_at, local_id)`,
      `CREATE TABLE time_expr (
        article_id TEXT NOT NULL REFERENCES article(id) ON DELETE CASCADE,
        local_id TEXT NOT NULL, pub_key TEXT NOT NULL,
        start_at INTEGER NOT NULL, end_at INTEGER NOT NULL, text TEXT NOT NULL,
        type TEXT NOT NULL, value TEXT NOT NULL,
        PRIMARY KEY (article_id, local_id))`,
      `CREATE INDEX time_expr_sort ON time_expr(pub_key, article_id, start_at, local_id)`,
      `CREATE TABLE event (
        article_id TEXT NOT NULL REFERENCES article(id) ON DELETE CASCADE,
        local_id TEXT NOT NULL, pub_key TEXT NOT NULL,
        start_at INTEGER NOT NULL, end_at INTEGER NOT NULL, trigger_text TEXT NOT NULL,
        code TEXT NOT NULL, label TEXT, modality TEXT NOT NULL,
        condition_start INTEGER, condition_end INTEGER, condition_text TEXT,
        actors TEXT NOT NULL, targets TEXT NOT NULL, place TEXT, time_ref TEXT, attribution_id TEXT,
        PRIMARY KEY (article_id, local_id))`,
      `CREATE INDEX event_sort ON event(pub_key, article_id, start_at, local_id)`,
      `CREATE INDEX event_code ON event(code)`,
      // Contentless full-text indexes kept in step by triggers; rowids are the INTEGER PRIMARY KEYs,
      // which VACUUM never renumbers.
      `CREATE VIRTUAL TABLE article_fts USING fts5(title, text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')`,
      `CREATE VIRTUAL TABLE quote_fts USING fts5(quote_text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')`,
      `CREATE TRIGGER article_fts_insert AFTER INSERT ON article BEGIN
        INSERT INTO article_fts(rowid, title, text) VALUES (new.seq, coalesce(new.title, ''), new.text); END`,
      `CREATE TRIGGER article_fts_delete AFTER DELETE ON article BEGIN
        DELETE FROM article_fts WHERE rowid = old.seq; END`,
      `CREATE TRIGGER quote_fts_insert AFTER INSERT ON attribution BEGIN
        INSERT INTO quote_fts(rowid, quote_text) VALUES (new.rid, new.quote_text); END`,
      `CREATE TRIGGER quote_fts_delete AFTER DELETE ON attribution BEGIN
        DELETE FROM quote_fts WHERE rowid = old.rid; END`,
    ],
    postgres: [
      `CREATE TABLE article (
        seq INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id ${K} NOT NULL UNIQUE,
        content_hash ${K} NOT NULL UNIQUE,
        external_id TEXT, url TEXT, title TEXT, published TEXT,
        pub_key ${K} NOT NULL, published_from TEXT,
        found_via TEXT NOT NULL, extractor_version TEXT NOT NULL, ingested_at ${K} NOT NULL,
        html TEXT, text TEXT NOT NULL, analysis TEXT NOT NULL, dup_group ${K},
        -- tsvector stops at 1 MB; a report is far below, and the cut keeps a pathological input storable
        tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(title, '') || ' ' || left(text, 400000))) STORED)`,
      `CREATE INDEX article_dup_group ON article(dup_group) WHERE dup_group IS NOT NULL`,
      `CREATE INDEX article_external_id ON article(external_id)`,
      `CREATE INDEX article_tsv ON article USING GIN (tsv)`,
      `CREATE TABLE entity (
        article_id ${K} NOT NULL REFERENCES article(id) ON DELETE CASCADE,
        local_id ${K} NOT NULL, pub_key ${K} NOT NULL,
        type TEXT NOT NULL, name TEXT NOT NULL, name_lc TEXT NOT NULL,
        descriptors TEXT NOT NULL, mentions TEXT NOT NULL,
        PRIMARY KEY (article_id, local_id))`,
      `CREATE INDEX entity_sort ON entity(pub_key, article_id, local_id)`,
      `CREATE TABLE mention (
        article_id ${K} NOT NULL REFERENCES article(id) ON DELETE CASCADE,
        entity_id ${K} NOT NULL, start_at INTEGER NOT NULL, end_at INTEGER NOT NULL, text TEXT NOT NULL)`,
      `CREATE INDEX mention_article ON mention(article_id, entity_id)`,
      `CREATE TABLE attribution (
        article_id ${K} NOT NULL REFERENCES article(id) ON DELETE CASCADE,
        local_id ${K} NOT NULL, pub_key ${K} NOT NULL,
        start_at INTEGER NOT NULL, end_at INTEGER NOT NULL,
        kind TEXT NOT NULL, stance TEXT,
        cue_lemma TEXT NOT NULL, cue_class TEXT, cue_start INTEGER NOT NULL, cue_end INTEGER NOT NULL, cue_text TEXT NOT NULL,
        source_start INTEGER, source_end INTEGER, source_text TEXT, source_entity ${K}, speaker_name TEXT,
        content TEXT NOT NULL, quote_text TEXT NOT NULL,
        confidence DOUBLE PRECISION, rule TEXT, resolution TEXT, addressee_start INTEGER, addressee_end INTEGER,
        tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', left(quote_text, 400000))) STORED,
        PRIMARY KEY (article_id, local_id))`,
      `CREATE INDEX attribution_sort ON attribution(pub_key, article_id, start_at, local_id)`,
      `CREATE INDEX attribution_source ON attribution(article_id, source_entity)`,
      `CREATE INDEX attribution_tsv ON attribution USING GIN (tsv)`,
      `CREATE TABLE figure (
        article_id ${K} NOT NULL REFERENCES article(id) ON DELETE CASCADE,
        local_id ${K} NOT NULL, pub_key ${K} NOT NULL,
        start_at INTEGER NOT NULL, end_at INTEGER NOT NULL, text TEXT NOT NULL,
        value DOUBLE PRECISION NOT NULL, value_max DOUBLE PRECISION, unit TEXT, qualifier TEXT NOT NULL,
        subject TEXT, subject_lc TEXT, measure TEXT, measure_lc TEXT,
        attribution_id TEXT, source_text TEXT,
        PRIMARY KEY (article_id, local_id))`,
      `CREATE INDEX figure_sort ON figure(pub_key, article_id, start_at, local_id)`,
      `CREATE TABLE time_expr (
        article_id ${K} NOT NULL REFERENCES article(id) ON DELETE CASCADE,
        local_id ${K} NOT NULL, pub_key ${K} NOT NULL,
        start_at INTEGER NOT NULL, end_at INTEGER NOT NULL, text TEXT NOT NULL,
        type TEXT NOT NULL, value TEXT NOT NULL,
        PRIMARY KEY (article_id, local_id))`,
      `CREATE INDEX time_expr_sort ON time_expr(pub_key, article_id, start_at, local_id)`,
      `CREATE TABLE event (
        article_id ${K} NOT NULL REFERENCES article(id) ON DELETE CASCADE,
        local_id ${K} NOT NULL, pub_key ${K} NOT NULL,
        start_at INTEGER NOT NULL, end_at INTEGER NOT NULL, trigger_text TEXT NOT NULL,
        code ${K} NOT NULL, label TEXT, modality TEXT NOT NULL,
        condition_start INTEGER, condition_end INTEGER, condition_text TEXT,
        actors TEXT NOT NULL, targets TEXT NOT NULL, place TEXT, time_ref TEXT, attribution_id TEXT,
        PRIMARY KEY (article_id, local_id))`,
      `CREATE INDEX event_sort ON event(pub_key, article_id, start_at, local_id)`,
      `CREATE INDEX event_code ON event(code)`,
    ],
  },
  {
    version: 2,
    name: 'global entities, links, merge log, signatures, claims',
    sqlite: storyTables('TEXT', 'REAL'),
    postgres: storyTables(K, 'DOUBLE PRECISION'),
  },
  {
    // indexed_at: set in the transaction that writes the article's story rows (or by markIndexed), so an
    // article stored but never linked into the story is found by an index scan, not by comparing tables.
    // Articles already holding a signature were indexed by the version before this one.
    version: 3,
    name: 'article indexed_at',
    sqlite: [
      `ALTER TABLE article ADD COLUMN indexed_at TEXT`,
      `UPDATE article SET indexed_at = ingested_at WHERE id IN (SELECT article_id FROM article_signature)`,
      `CREATE INDEX article_unindexed ON article(seq) WHERE indexed_at IS NULL`,
    ],
    postgres: [
      `ALTER TABLE article ADD COLUMN indexed_at TEXT`,
      `UPDATE article SET indexed_at = ingested_at WHERE id IN (SELECT article_id FROM article_signature)`,
      `CREATE INDEX article_unindexed ON article(seq) WHERE indexed_at IS NULL`,
    ],
  },
  {
    // Each link carries its article's sort key (the pub_key of the article and of all its rows), so the
    // statements of an entity in a date window are found from that entity's links in the window
    // (cross-article claim links ask it of every denial): scanning every statement in the window grew
    // with the store, 42 ms a question at 10,000 articles.
    version: 4,
    name: 'article_entity_link pub_key',
    sqlite: [
      `ALTER TABLE article_entity_link ADD COLUMN pub_key TEXT`,
      `UPDATE article_entity_link SET pub_key = (SELECT a.pub_key FROM article a WHERE a.id = article_entity_link.article_id)`,
      `CREATE INDEX article_entity_link_speaker ON article_entity_link(entity_id, pub_key)`,
    ],
    postgres: [
      `ALTER TABLE article_entity_link ADD COLUMN pub_key ${K}`,
      `UPDATE article_entity_link l SET pub_key = a.pub_key FROM article a WHERE a.id = l.article_id`,
      `CREATE INDEX article_entity_link_speaker ON article_entity_link(entity_id, pub_key)`,
    ],
  },
];

// The story tables use the same SQL in both stores, apart from column types.
function storyTables(k: string, real: string): string[] {
  return [
    `CREATE TABLE global_entity (
      id ${k} PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, name_lc TEXT NOT NULL,
      merged_into ${k}, created_at TEXT NOT NULL)`,
    `CREATE INDEX global_entity_name ON global_entity(name_lc)`,
    // global_key: the alias keys STORY looks mentions up by, with the surface that produced each
    `CREATE TABLE global_key (
      key ${k} NOT NULL, entity_id ${k} NOT NULL, kind ${k} NOT NULL, surface ${k} NOT NULL, surface_lc TEXT NOT NULL,
      PRIMARY KEY (key, entity_id, kind, surface))`,
    `CREATE INDEX global_key_surface ON global_key(surface_lc)`,
    `CREATE INDEX global_key_entity ON global_key(entity_id)`,
    `CREATE TABLE article_entity_link (
      article_id ${k} NOT NULL, local_id ${k} NOT NULL, entity_id ${k} NOT NULL,
      reason TEXT NOT NULL, score ${real} NOT NULL, name TEXT NOT NULL,
      surface TEXT NOT NULL, descriptors TEXT NOT NULL, seen TEXT, seen_key ${k} NOT NULL,
      PRIMARY KEY (article_id, local_id))`,
    `CREATE INDEX article_entity_link_entity ON article_entity_link(entity_id, seen_key, article_id, local_id)`,
    `CREATE INDEX article_entity_link_sort ON article_entity_link(seen_key, article_id, local_id)`,
    `CREATE TABLE merge_log (
      id ${k} PRIMARY KEY, kind TEXT NOT NULL, into_id ${k} NOT NULL, from_id ${k} NOT NULL,
      reason TEXT NOT NULL, score ${real} NOT NULL, by_who TEXT NOT NULL, at ${k} NOT NULL, undone_at TEXT)`,
    `CREATE INDEX merge_log_sort ON merge_log(at, id)`,
    `CREATE TABLE article_signature (article_id ${k} PRIMARY KEY, minhash TEXT NOT NULL)`,
    `CREATE TABLE signature_band (band ${k} NOT NULL, article_id ${k} NOT NULL, PRIMARY KEY (band, article_id))`,
    `CREATE INDEX signature_band_article ON signature_band(article_id)`,
    `CREATE TABLE claim_link (
      article_id ${k} NOT NULL, attribution_id ${k} NOT NULL,
      answers_article_id ${k} NOT NULL, answers_attribution_id ${k} NOT NULL,
      relation TEXT NOT NULL, reason TEXT NOT NULL, score ${real} NOT NULL,
      PRIMARY KEY (article_id, attribution_id, answers_article_id, answers_attribution_id))`,
    `CREATE INDEX claim_link_answers ON claim_link(answers_article_id)`,
  ];
}
