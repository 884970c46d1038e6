/* audit: one row per write, in the same transaction as the write: who, when, what, on which
 * entity, and a before/after summary. Nothing in the API changes or deletes it; rows older than
 * the retention are purged by a job. */
#ifndef LINLI_AUDIT_H
#define LINLI_AUDIT_H

#include <jansson.h>
#include <stdint.h>

#include "base/ctx.h"

/* before/after are borrowed (may be NULL). entity_id 0 records NULL. */
int audit_record(struct ctx *cx, const char *action, const char *entity, int64_t entity_id,
		 json_t *before, json_t *after);
/* Record it and commit the open transaction: the tail of every audited write. A failed record
 * rolls back; 0, or -1 with cx->err set. before/after borrowed. */
int audit_commit(struct ctx *cx, const char *action, const char *entity, int64_t entity_id,
		 json_t *before, json_t *after);
/* The same, with the actor named explicitly (failed logins: nobody is logged in). */
int audit_record_as(struct ctx *cx, int64_t actor_id, const char *actor, const char *action,
		    const char *entity, int64_t entity_id, json_t *before, json_t *after);

struct audit_filter {
	int64_t actor_id;         /* 0: any */
	const char *actor;        /* NULL: any; else the username, or a part of a display name */
	const char *action;       /* NULL: any; else one action or several separated by commas */
	const char *entity;
	int64_t entity_id;        /* 0: any */
	int64_t since, until;     /* 0: open */
	int64_t cursor;           /* 0: from the newest; else ids below it */
	int limit;
};

struct audit_entry {
	int64_t id, at, actor_id, entity_id;
	const char *actor, *action, *entity, *summary, *ip;
};

int audit_list(struct ctx *cx, const struct audit_filter *f, struct audit_entry **items,
	       size_t *n, int64_t *next_cursor);
/* Delete rows older than retention_days, in batches; returns rows deleted or -1. */
int64_t audit_purge(struct store *db, int64_t now, int64_t retention_days);

#endif
