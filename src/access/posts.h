/* posts: the post a user holds at each unit they serve, and who serves a unit. */
#ifndef LINLI_ACCESS_POSTS_H
#define LINLI_ACCESS_POSTS_H

#include <jansson.h>
#include <stdbool.h>

#include "base/ctx.h"

/* secretary, committee_member, staff, grid_leader, grid_worker_full, grid_worker_part */
bool post_valid(const char *post);
/* Read `unit_posts` ([{unit_id, post}]) of a body: every unit must be one of units[0..n), or,
 * when units is NULL, one of the user's units now. posts[i] for units[i] (NULL: none). 1 read,
 * 0 absent, -1 error. */
int posts_read(struct ctx *cx, json_t *body, const int64_t *units, size_t n, const char ***posts);
/* Set the posts of a user's units (after set_units); NULL posts leave them. */
int posts_write(struct ctx *cx, int64_t user_id, const int64_t *units, size_t n,
		const char *const *posts);
/* The post of the user at each unit (NULL where none), parallel to the ids. */
int posts_load(struct ctx *cx, int64_t user_id, const int64_t *units, size_t n, const char ***posts);
void posts_api_register(void);

#endif
