/* migrate: versioned schema migrations, applied in order inside transactions and recorded in
 * schema_migrations. `linli migrate` runs them, and so does every start. */
#ifndef LINLI_MIGRATE_H
#define LINLI_MIGRATE_H

#include <stddef.h>

#include "store/store.h"

/* Apply every pending migration. Returns the number applied, or -1 with a reason in err. */
int migrate_up(struct store *s, char *err, size_t errlen);
/* Highest version known to this program and the version the database is at (-1 on error). */
int migrate_latest(void);
int migrate_current(struct store *s);

#endif
