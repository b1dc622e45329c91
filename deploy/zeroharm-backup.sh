#!/usr/bin/env bash
# Back up ZeroHarm: the PostgreSQL database (pg_dump, custom format) and, when uploads live on this machine's disk
# (ZEROHARM_MEDIA_STORAGE=file), the uploads folder. Old backups are removed after KEEP_DAYS days.
#
#   DATABASE_URL=postgres://… BACKUP_DIR=/var/backups/zeroharm deploy/zeroharm-backup.sh
#
# Reads the same variables as ZeroHarm (zeroharm-backup.service loads /etc/zeroharm/zeroharm.env). Restoring is
# described in docs/deployment.md, "Restore"; tests/deploy/test_backup_restore.py runs both.
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database (postgres://user:password@host:port/name)}"
BACKUP_DIR="${BACKUP_DIR:-/var/backups/zeroharm}"
KEEP_DAYS="${KEEP_DAYS:-14}"
VAR_DIR="${ZEROHARM_VAR_DIR:-/var/lib/zeroharm}"
MEDIA_ROOT="${ZEROHARM_MEDIA_ROOT:-$VAR_DIR/media}"
STAMP="$(date +%Y-%m-%d-%H%M%S)"

case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "zeroharm-backup: DATABASE_URL is not a PostgreSQL URL; for SQLite use: sqlite3 zeroharm.sqlite3 \".backup copy.sqlite3\"" >&2
     exit 2 ;;
esac
# dj-database-url accepts postgres://, and so does libpq (pg_dump).
mkdir -p "$BACKUP_DIR"
umask 077  # the dump holds every record: only the service user reads it

# A consistent snapshot while the site runs; the custom format restores table by table (pg_restore --list).
pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$BACKUP_DIR/.zeroharm-$STAMP.dump"
mv "$BACKUP_DIR/.zeroharm-$STAMP.dump" "$BACKUP_DIR/zeroharm-$STAMP.dump"
echo "database: $BACKUP_DIR/zeroharm-$STAMP.dump"

if [ "${ZEROHARM_MEDIA_STORAGE:-file}" = file ]; then
  if [ -d "$MEDIA_ROOT" ]; then
    tar --create --gzip --file="$BACKUP_DIR/.media-$STAMP.tar.gz" --directory="$MEDIA_ROOT" .
    mv "$BACKUP_DIR/.media-$STAMP.tar.gz" "$BACKUP_DIR/media-$STAMP.tar.gz"
    echo "uploads: $BACKUP_DIR/media-$STAMP.tar.gz"
  else
    echo "uploads: $MEDIA_ROOT does not exist yet, nothing to save"
  fi
else
  # Uploads in an S3-compatible store: back the bucket up with the store's own tools (versioning, replication,
  # or e.g. `rclone sync` / `mc mirror` to a second store); docs/deployment.md, "Backups".
  echo "uploads: in the S3 store (ZEROHARM_MEDIA_STORAGE=s3), not copied by this script"
fi

find "$BACKUP_DIR" -maxdepth 1 -type f \( -name 'zeroharm-*.dump' -o -name 'media-*.tar.gz' \) -mtime "+$KEEP_DAYS" -delete
