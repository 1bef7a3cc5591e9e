/** Help texts; the README documents the same flags (keep them in step). */

const PLAN = `Plan options:
  --from NAME --to NAME     retire NAME in favour of NAME (all case styles, compounds and plurals); scan and
                            check accept --from alone (a gate needs only the old name), apply and sql need --to
  --rename OLD=NEW          the same, repeatable
  --kinds K,K               kinds that count / are rewritten; +K,-K adjust the default (code kinds and path, the
                            family-named files and folders; sql and text opt-in)
  --map OLD=NEW             a module move (dotted a.b.*, path src/api/*, or a bare specifier), repeatable
  --allow GLOB              files where references may stay (reported as allowed), repeatable
  --include GLOB            read only matching files, repeatable
  --exclude GLOB            never read matching files, repeatable
  --config FILE             the plan as JSON (default ./renamer.config.json when it exists)`;

const OUTPUT = `Output:
  --format FORMAT           report format
  -o, --output FILE         write the report to FILE instead of stdout
  --no-color                no colour (also NO_COLOR=1)`;

const HTML = `  --link-template URL       html: where each site links, {file} (relative to the repository root), {line} and
                            {column} filled in, e.g. https://github.com/o/r/blob/main/{file}#L{line}; default:
                            the file itself, relative to the report`;

export const HISTORY_HELP = `Usage: renamer history [paths...] [plan options] [--since REV] [--every N] [--ignore-comments]
                       [--format text|json] [--output FILE]

The count of remaining references (as check counts them, tracked files only) at each commit of the current
branch, following first parents: the last 200 commits, or those after REV. Computed incrementally from git's
objects (only the files each commit changed are read again); the work tree is never touched. Exit 0 whenever
a report is produced.

${PLAN}
  --since REV               start at REV (a commit, tag or branch; drawn as the first point) instead of 200 commits ago
  --every N                 every Nth commit, counted back from HEAD (HEAD and the first commit are always drawn)
  --ignore-comments         comments and docstrings do not count

Output:
  --format FORMAT           text (a table; the default) or json
  -o, --output FILE         write the report to FILE instead of stdout
`;

export const MAIN_HELP = `renamer — retire an identifier across a whole system

Usage: renamer <command> [options]

Commands:
  scan      every reference to the retired names, classified; text, json, markdown or sarif
  apply     rewrite them (--dry-run prints a diff and writes nothing)
  check     the CI gate: exit 1 while references remain outside allowed files
  imports   import paths that no longer resolve, with the module map's suggestion
  sql       the column drop/rename migration, its rollback and validation queries
  history   the count of remaining references at each commit of the current branch

Run renamer <command> --help (or renamer help <command>) for its options. Exit codes: 0 clean, 1 findings, 2 usage or input error.
`;

export const SCAN_HELP = `Usage: renamer scan [paths...] [plan options] [--imports] [--format text|json|markdown|sarif|html] [--output FILE]

Reports every reference to the plan's names under paths (default: the current directory), and broken
imports when --imports is given or the plan has --map entries; files and folders whose own names hold the
family are listed under paths (apply --files renames them). Exit 0 whenever a report is produced.

${PLAN}
  --imports                 also check import paths

${OUTPUT}
${HTML}
`;

export const CHECK_HELP = `Usage: renamer check [paths...] [plan options] [--ignore-comments] [--allow-unreadable]
                     [--baseline FILE | --update-baseline FILE]
                     [--since REF | --staged] [--plan FILE] [--format text|json|markdown|sarif|github|html] [--output FILE]
                     [--link-template URL] [--history] [--no-cache]

Exit 1 while references remain outside --allow files and suppressed lines (family-named files and folders
count, kind path), or while a file that may hold the name could not be read; 0 when none remain.

${PLAN}
  --ignore-comments         comments and docstrings do not count
  --allow-unreadable        pass even when files that may hold the name could not be read (binary, over
                            maxFileSize, no permission); they are still listed under skipped
  --baseline FILE           fail only on references not in FILE, and on entries of FILE that are gone
  --update-baseline FILE    write the current references to FILE (sorted JSON, keyed by file, kind and
                            the code on the line, not the line number) and exit 0
  --since REF               check only files changed since the merge base of REF and HEAD (and untracked ones)
  --staged                  check only files staged for commit, as staged (the index, not the work tree)
  --plan FILE               a database plan ({ drop, rename, keep }): also report raw SQL strings and ORM
                            column mappings naming a dropped or renamed column (default: config "database")
  --no-cache                analyze every file afresh; by default each file's findings are kept, keyed by its
                            content, the plan and renamer's version, in node_modules/.cache/renamer (or
                            .renamer-cache/ where there is no node_modules), so unchanged files are not parsed again,
                            and a check over a tree where nothing it read changed prints its run record's output

${OUTPUT}
${HTML}
  --history                 html: also draw the count at each of the branch's last 200 commits (renamer history)
`;

export const APPLY_HELP = `Usage: renamer apply [paths...] [plan options] [--dry-run] [--allow-dirty]
                     [--rename-unattributed] [--rename-external] [--force-read-only] [--files]
       renamer apply --undo [--dry-run]

Renames symbols, not spellings: every site is bound to its symbol by the language's own engine (TypeScript's
language service; pyright for Python), and each symbol is renamed at every location or at none. Names declared
by a dependency or the platform, and names whose owner cannot be established, are never rewritten; they are
listed. Import specifiers move by the module map. Exit 1 when conflicts or unattributed sites are left, a code
file could not be parsed, or a file was edited by someone else during the run (it is left as it is).

Every file is checked before the first write; the originals go to a journal (.git/renamer/ in a git work tree,
else the cache folder, printed). A run that stops half-way (an error, Ctrl-C) lists the files it wrote and exits 2.

${PLAN}
  --dry-run                 print a unified diff and a summary; write nothing
  --allow-dirty             rewrite files with uncommitted git changes too
  --rename-unattributed     also rewrite sites whose owner could not be established (dependencies not
                            installed, untyped code), as the syntax pass classified them
  --rename-external         also rewrite external contracts (protocol-shaped names, strings passed to a
                            dependency's API, route segments taken from file names)
  --force-read-only         also rewrite read-only files (refused otherwise); they stay read-only
  --files                   also rename files and folders whose names hold the family (session_manager.py →
                            flow_manager.py; git mv in a work tree), and the imports and module paths naming
                            them; config "files": true. A target that exists, two paths with one target or a
                            case-only rename: nothing is renamed (exit 1)
  --undo                    restore the files the last run wrote, from its journal; a file changed since is
                            refused and listed (exit 1). With --dry-run, list what would be restored
  --no-color                no colour in the diff (also NO_COLOR=1)
`;

export const IMPORTS_HELP = `Usage: renamer imports [paths...] [--map OLD=NEW]... [--format text|json|markdown|sarif] [--output FILE]

Lists TypeScript/JavaScript and Python imports that no longer resolve; with --map, where the module went.
Exit 1 when any import is broken.

  --map OLD=NEW             a module move, repeatable
  --include GLOB            read only matching files, repeatable
  --exclude GLOB            never read matching files, repeatable
  --include-generated       also report imports of files under generated-output folders
  --python-path DIR         an extra Python import root (like pyright's extraPaths), repeatable;
                            the config key "pythonPaths" does the same
  --require-installed       also exit 1 when a third-party Python module is not installed (by default it
                            is listed in one line and in JSON's "unresolvedThirdParty", not checked)
  --config FILE             read "map" and "pythonPaths" from this config

${OUTPUT}
`;

export const SQL_HELP = `Usage: renamer sql [--plan FILE] [--drop T.C]... [--rename-column T.C=NEW]... [--keep T.C]...
                   [--from OLD --to NEW] [--schema FILE.sql]... [--db [URL]]
                   [--format sql|alembic|json] [--out DIR] [--verify] [--apply] [--revision-dir DIR]
                   [--manual-functions] [--backup-schema NAME] [--lock-timeout DURATION] [--statement-timeout DURATION]
       renamer sql --online [plan] [--schema FILE.sql... | --db [URL]] [--phase expand|backfill|contract] [--down]
                   [--out DIR] [--format sql|alembic|json] [--apply] [--status] [--batch-size N] [--pause DURATION]

The column drop/rename migration, its rollback and its validation queries. Exit 0 generated or verified,
1 undecided candidates, refused changes or a failed verify, 2 usage or input error.

Plan:
  --plan FILE               a database plan: { "drop": [...], "rename": { "t.c": "new" }, "keep": [...] }
  --drop T.C                drop a column (table.column or schema.table.column), repeatable
  --rename-column T.C=NEW   rename a column, repeatable
  --keep T.C                keep a column that matches the word family, repeatable
  --from OLD --to NEW       every column in the word family of OLD is a candidate (also --rename OLD=NEW);
                            --from needs --to here (scan and check accept --from alone)
  --config FILE             read "database" and "renames" from this config (default ./renamer.config.json)

Database (without --db no server is contacted):
  --schema FILE.sql         load DDL into embedded PGlite, repeatable
  --db [URL]                introspect a PostgreSQL server (alone: DATABASE_URL)

Output:
  --format FORMAT           sql (default), alembic, json
  --out DIR                 write up.sql, down.sql, pre-check.sql, post-check.sql, post-down-check.sql, cleanup.sql
  --revision-dir DIR        alembic: the versions folder whose single head becomes down_revision
  --verify                  run pre-check, up, post-check, up again, down, post-down check in one rolled-back transaction
  --apply                   run up.sql and the post-check on --db, commit, and write the files to --out
                            (default renamer-sql-<timestamp>)
  (without --verify, the round trip is still rehearsed and rolled back before anything is printed)

Migration:
  --manual-functions        function bodies renamer cannot rewrite safely are warnings, not errors
  --backup-schema NAME      where dropped values are kept (default renamer_backup, no PUBLIC access)
  --lock-timeout DURATION   SET LOCAL lock_timeout of every transaction (default 5s; e.g. 500ms, 2min, 0)
  --statement-timeout DURATION  SET LOCAL statement_timeout (default 15min)
  --no-color                no colour

Zero-downtime renames (expand, backfill, the code step, contract; each phase re-runnable, each with a down):
  --online                  rename the plan's columns by expand/contract while old and new code both run
  --phase PHASE             expand (default), backfill or contract: the file printed, or the phase --apply runs
  --down                    the phase's down (back to the phase before it, without data loss)
  --apply                   with --online: run --phase (or its down) on --db, retrying steps that hit lock_timeout
  --status                  which phase --db is in and how many rows differ between old and new (read-only;
                            without a plan, every rename expand recorded)
  --batch-size N            backfill rows per batch, each batch its own transaction (default 1000)
  --pause DURATION          backfill pause between batches (e.g. 50ms, 1s; default 0)
  (--online's --lock-timeout defaults to 100ms; --out writes 1-expand.sql ... 3-contract.down.sql, status.sql,
  cleanup.sql; --format alembic writes one revision per phase, chained)
`;
