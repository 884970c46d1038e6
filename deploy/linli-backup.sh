#!/bin/sh
# linli-backup: write one online backup of linli's database into BACKUP_DIR, check that it can
# be read, and remove backups older than KEEP_DAYS days. Run it as the linli user, from
# deploy/linli-backup.service or cron; install it as /usr/local/sbin/linli-backup.
#   BACKUP_DIR    where the backups go             (default /var/backups/linli)
#   KEEP_DAYS     how many days of backups to keep (default 30)
#   LINLI         the program                      (default /usr/local/bin/linli)
#   LINLI_CONFIG  linli's settings, as for any linli command (default: ./linli.conf, then
#                 /etc/linli/linli.conf)
# SQLite gives linli-YYYYmmdd-HHMMSS.db (a database file), PostgreSQL linli-...dump (a pg_dump
# custom-format archive). Exits non-zero, leaving nothing behind, when a step fails.
set -eu
dir=${BACKUP_DIR:-/var/backups/linli}
keep=${KEEP_DAYS:-30}
linli=${LINLI:-/usr/local/bin/linli}
stamp=$(date +%Y%m%d-%H%M%S)
part="$dir/linli-$stamp.partial"
work=$(mktemp -d)
trap 'rm -rf "$work" "$part"' EXIT

"$linli" backup "$part" >/dev/null

case $(head -c 15 "$part") in
  "SQLite format 3")
    # Check a copy: opening a database can change it, and the backup stays as written.
    cp "$part" "$work/check.db"
    out=$("$linli" check --db "sqlite:$work/check.db")
    case $out in
      "database ok, schema version "[1-9]*) ;;
      *) echo "linli-backup: $part does not check out: $out" >&2; exit 1 ;;
    esac
    final="$dir/linli-$stamp.db" ;;
  PGDMP*)
    # A readable archive with linli's tables in it; a full check is a restore (docs/operations.md).
    pg_restore --list "$part" > "$work/toc"
    grep -q ' TABLE [^ ]* schema_migrations ' "$work/toc" || {
      echo "linli-backup: $part has no schema_migrations table" >&2; exit 1; }
    final="$dir/linli-$stamp.dump" ;;
  *)
    echo "linli-backup: $part is neither a SQLite database nor a pg_dump archive" >&2
    exit 1 ;;
esac
mv "$part" "$final"
echo "linli-backup: $final ($(wc -c < "$final") bytes)"

find "$dir" -maxdepth 1 -type f \( -name 'linli-*.db' -o -name 'linli-*.dump' \) \
  -mtime +"$keep" -print -delete | sed 's/^/linli-backup: removed /'
