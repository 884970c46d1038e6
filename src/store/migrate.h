/* migrate: versioned schema migrations, applied in order inside transactions and recorded in
 * schema_migrations. `linli migrate` runs them, and so does every start. A migration is applied
 * when its version is not recorded yet, so one written on a branch beside others is not skipped
 * for having a lower version than one applied before it. */
#ifndef LINLI_MIGRATE_H
#define LINLI_MIGRATE_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* Apply every pending migration. Returns the number applied, or -1 with a reason in err:
 * a database that records a version this program does not know is newer than it, and is
 * refused. A database made before migrations lived in their features' folders (the foundation
 * as one migration, version 1) is carried forward first: it is recorded as having the
 * migrations that make the same schema, and no table is touched. */
int migrate_up(struct store *s, char *err, size_t errlen);
/* The pending migrations' versions, in the order migrate_up would apply them (at most max).
 * Returns how many there are, or -1. */
int migrate_pending(struct store *s, int64_t *versions, int max);
/* Highest version known to this program and the highest the database records (0 for none,
 * -1 on error). */
int64_t migrate_latest(void);
int64_t migrate_current(struct store *s);

#endif
