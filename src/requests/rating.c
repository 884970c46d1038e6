/* Ratings (评价): a request's rating link, single use and valid for a few days, whose QR code
 * the desk prints, shows or sends; the resident rates on a phone without logging in, through
 * the loop's `rate` (a bad rating reopens the request); and a service hall's standing code, by
 * which a visit is rated whatever the matter (seed 000). */
#include <sodium.h>
#include <string.h>

#include "access/audit.h"
#include "base/crypto.h"
#include "base/json.h"
#include "base/qr.h"
#include "base/ratelimit.h"
#include "org/org.h"
#include "requests/internal.h"

#define LINK_DAYS 7           /* a rating link holds a week */
#define QR_SCALE 8            /* pixels a module */

static char public_url[256];

void requests_set_public_url(const char *url)
{
	snprintf(public_url, sizeof public_url, "%s", url ? url : "");
	size_t n = strlen(public_url);
	while (n && public_url[n - 1] == '/')
		public_url[--n] = '\0';
}

const char *requests_base_url(struct ctx *cx, const char *host, bool secure)
{
	if (public_url[0])
		return public_url;
	/* without public_url: the address the console was reached at */
	return arena_printf(cx->a, "%s://%s", secure ? "https" : "http", host && *host ? host : "localhost");
}

static json_t *qr_json(struct ctx *cx, const char *url)
{
	char *svg = qr_svg(cx->a, url, QR_SCALE);
	size_t n = 0;
	unsigned char *png = qr_png(cx->a, url, QR_SCALE, &n);
	if (!svg || !png)
		return NULL;
	size_t b64 = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
	char *enc = arena_alloc(cx->a, b64);
	sodium_bin2base64(enc, b64, png, n, sodium_base64_VARIANT_ORIGINAL);
	return json_pack("{s:s, s:s}", "svg", svg, "png", arena_printf(cx->a, "data:image/png;base64,%s", enc));
}

int requests_rating_link(struct ctx *cx, int64_t id, const char *base, json_t **out)
{
	struct err *e = &cx->err;
	struct request r;
	if (requests_get(cx, id, &r) < 0)
		return -1;
	/* issued by one who may record the rating, while it is the resident's to give */
	if (!(rq_caller(cx, &r) & W_DISPATCHER))
		return err_setf(e, ERR_FORBIDDEN, "the rating link is the dispatcher's to issue");
	if (!rq_allowed_as(cx, &r, RA_RATE, W_RESIDENT)) {
		err_field(e, "state", "rating_not_now", 0);
		return err_set(e, ERR_CONFLICT);
	}
	char token[CRYPTO_TOKEN_LEN], hash[CRYPTO_HASH_HEX];
	crypto_token(token, sizeof token, NULL);
	crypto_token_hash(token, hash);
	int64_t expires = cx->now + LINK_DAYS * 86400;
	if (ctx_begin(cx) < 0)
		return -1;
	/* one link a request at a time: a new one ends the old */
	struct store_stmt *st = store_prepare(cx->db,
		"UPDATE rating_links SET expires_at = ? WHERE request_id = ? AND used_at IS NULL"
		" AND expires_at > ?");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, cx->now);
	store_bind_int64(st, 2, id);
	store_bind_int64(st, 3, cx->now);
	if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
		return -1;
	st = store_prepare(cx->db, "INSERT INTO rating_links (request_id, token_hash, expires_at,"
			   " created_by, created_at) VALUES (?, ?, ?, ?, ?)");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, id);
	store_bind_text(st, 2, hash);
	store_bind_int64(st, 3, expires);
	store_bind_int64_or_null(st, 4, cx->actor.user_id);
	store_bind_int64(st, 5, cx->now);
	if (ctx_write(cx, st, NULL, NULL, NULL) < 0)
		return -1;
	json_t *a = json_pack("{s:o}", "expires_at", json_time(expires));
	int rc = audit_commit(cx, "request.rating_link", "request", id, NULL, a);
	json_decref(a);
	if (rc < 0)
		return -1;
	const char *url = arena_printf(cx->a, "%s/rate/%s", base, token);
	json_t *qr = qr_json(cx, url);
	if (!qr)
		return err_setf(e, ERR_INTERNAL, "the rating link's QR code");
	*out = json_pack("{s:s, s:s, s:o, s:o}", "url", url, "receipt", r.receipt, "expires_at",
			 json_time(expires), "qr", qr);
	return 0;
}

struct link {
	int64_t id, request_id, expires_at, used_at;
};

/* The link of a token: 1 usable, or -1 with 404 (unknown) or 409 (used, expired). */
static int find_link(struct ctx *cx, const char *token, struct link *l)
{
	struct err *e = &cx->err;
	if (!token || strlen(token) + 1 != CRYPTO_TOKEN_LEN)
		return err_set(e, ERR_NOT_FOUND);
	char hash[CRYPTO_HASH_HEX];
	crypto_token_hash(token, hash);
	struct store_stmt *st = store_prepare(cx->db, "SELECT id, request_id, expires_at,"
					      " COALESCE(used_at, 0) FROM rating_links WHERE token_hash = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_text(st, 1, hash);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		*l = (struct link){store_col_int64(st, 0), store_col_int64(st, 1), store_col_int64(st, 2),
				   store_col_int64(st, 3)};
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	if (rc != STORE_ROW)
		return err_set(e, ERR_NOT_FOUND);
	if (l->used_at) {
		err_field(e, "token", "rating_used", 0);
		return err_set(e, ERR_CONFLICT);
	}
	if (cx->now >= l->expires_at) {
		err_field(e, "token", "rating_expired", 0);
		return err_set(e, ERR_CONFLICT);
	}
	return 1;
}

static json_t *view(const struct request *r, const struct link *l)
{
	return json_pack("{s:s, s:o, s:s, s:o, s:s, s:o}", "receipt", r->receipt, "item",
		r->item_id ? json_string(r->item_name) : json_null(), "unit", r->unit_name,
		"resolved_at", json_time(r->resolved_at), "result", r->result, "expires_at",
		json_time(l->expires_at));
}

int requests_rating_view(struct ctx *cx, const char *token, json_t **out)
{
	struct link l;
	struct request r;
	if (find_link(cx, token, &l) < 0)
		return -1;
	if (rq_fetch(cx, l.request_id, &r) != 1)
		return err_set(&cx->err, ERR_NOT_FOUND);
	if (!rq_allowed_as(cx, &r, RA_RATE, W_RESIDENT)) {
		err_field(&cx->err, "token", "rating_closed", 0);
		return err_set(&cx->err, ERR_CONFLICT);
	}
	*out = view(&r, &l);
	return 0;
}

/* The link used, in the rating's transaction: if another rating came first, nothing of this. */
static int use_link(struct ctx *cx, void *arg)
{
	const struct link *l = arg;
	struct store_stmt *st = store_prepare(cx->db, "UPDATE rating_links SET used_at = ? WHERE"
					      " id = ? AND used_at IS NULL");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, cx->now);
	store_bind_int64(st, 2, l->id);
	int64_t changed = 0;
	if (ctx_write(cx, st, NULL, NULL, &changed) < 0)
		return -1;
	if (!changed) {
		ctx_rollback(cx);
		err_field(&cx->err, "token", "rating_used", 0);
		return err_set(&cx->err, ERR_CONFLICT);
	}
	return 0;
}

int requests_rate_public(struct ctx *cx, const char *receipt, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"token", "score", "comment", NULL};
	struct err *e = &cx->err;
	const char *token = NULL, *comment = NULL;
	int64_t score = 0;
	json_only_fields(body, allowed, e);
	jf_str(body, "token", JF_REQUIRED, 1, 64, &token, e);
	jf_int(body, "score", JF_REQUIRED, 1, 5, &score, e);
	const struct limit *lc = &requests_limits[L_RQ_COMMENT];
	jf_str(body, "comment", JF_MULTILINE, 0, (size_t)lc->max, &comment, e);
	if (e->code)
		return -1;
	int64_t id = 0;
	if (rq_query_text(cx, "SELECT COALESCE(MIN(id), 0) FROM requests WHERE receipt = ?",
			  receipt, NULL, false, 0, &id) < 0)
		return -1;
	struct link l;
	struct request r;
	if (!id || rq_fetch(cx, id, &r) != 1)
		return err_set(e, ERR_NOT_FOUND);
	if (find_link(cx, token, &l) < 0) {
		if (e->code == ERR_NOT_FOUND) {
			err_clear(e);
			return err_field(e, "token", "rating_token", 0);
		}
		return -1;
	}
	/* a token is its own request's */
	if (l.request_id != id)
		return err_field(e, "token", "rating_token", 0);
	if (!rq_allowed_as(cx, &r, RA_RATE, W_RESIDENT)) {
		err_field(e, "token", "rating_closed", 0);
		return err_set(e, ERR_CONFLICT);
	}
	struct rq_act_in in = {.rating = score};
	struct request after;
	if (rq_perform(cx, &r, RA_RATE, comment && *comment ? comment : NULL, NULL, &in, use_link,
		       &l, &after) < 0)
		return -1;
	*out = json_pack("{s:s, s:I, s:b}", "receipt", after.receipt, "score", (json_int_t)score,
			 "follow_up", after.state == RQ_IN_PROGRESS);
	return 0;
}

/* ---- the service hall's standing code ---- */

static struct ratelimit hall_rate = RATELIMIT_INIT;

void requests_set_hall_rate(unsigned per_minute) { ratelimit_set(&hall_rate, per_minute); }

/* A unit with a service hall: an open street or community. */
static int hall_unit(struct ctx *cx, int64_t id, struct org_unit *u)
{
	int f = org_unit_by_id(cx, id, u);
	if (f < 0)
		return -1;
	if (f == 0 || u->closed_at || (strcmp(u->kind, "community") && strcmp(u->kind, "street")))
		return err_field(&cx->err, "unit_id", "rating_hall_unit", 0);
	return 0;
}

int requests_hall_rate(struct ctx *cx, json_t *body, json_t **out)
{
	static const char *const allowed[] = {"unit_id", "score", "comment", NULL};
	struct err *e = &cx->err;
	int wait = 0;
	if (!ratelimit_take(&hall_rate, cx->ip ? cx->ip : "", cx->now, &wait)) {
		e->retry_after = wait;
		return err_set(e, ERR_RATE_LIMITED);
	}
	int64_t unit_id = 0, score = 0;
	const char *comment = "";
	json_only_fields(body, allowed, e);
	jf_int(body, "unit_id", JF_REQUIRED, 1, INT64_MAX, &unit_id, e);
	jf_int(body, "score", JF_REQUIRED, 1, 5, &score, e);
	jf_str(body, "comment", JF_MULTILINE, 0, (size_t)requests_limits[L_RQ_COMMENT].max, &comment, e);
	struct org_unit u;
	if (e->code || hall_unit(cx, unit_id, &u) < 0 || e->code)
		return -1;
	if (ctx_begin(cx) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db, "INSERT INTO hall_ratings (unit_id, street_id,"
					      " community_id, score, comment, at) VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		return ctx_fail(cx);
	store_bind_int64(st, 1, u.id);
	store_bind_int64_or_null(st, 2, u.anchor[ORG_ANCHOR_STREET]);
	store_bind_int64_or_null(st, 3, u.anchor[ORG_ANCHOR_COMMUNITY]);
	store_bind_int64(st, 4, score);
	store_bind_text(st, 5, comment);
	store_bind_int64(st, 6, cx->now);
	if (ctx_write(cx, st, NULL, NULL, NULL) < 0 || ctx_commit(cx) < 0)
		return -1;
	*out = json_pack("{s:s, s:I}", "unit", u.name, "score", (json_int_t)score);
	return 0;
}

/* A hall the caller reads the ratings of: 0, or -1 with 403, or 404 outside the scope. */
static int hall_in_scope(struct ctx *cx, int64_t unit_id, struct org_unit *u)
{
	if (access_require(cx, PERM_REQUESTS_READ, NULL) < 0)
		return -1;
	if (hall_unit(cx, unit_id, u) < 0 || !access_path_in_scope(cx, u->path)) {
		err_clear(&cx->err);
		return err_set(&cx->err, ERR_NOT_FOUND);
	}
	return 0;
}

int requests_hall_info(struct ctx *cx, int64_t unit_id, json_t **out)
{
	struct org_unit u;
	if (hall_unit(cx, unit_id, &u) < 0) {
		err_clear(&cx->err);
		return err_set(&cx->err, ERR_NOT_FOUND);
	}
	*out = json_pack("{s:I, s:s, s:s}", "unit_id", (json_int_t)u.id, "name", u.name, "kind", u.kind);
	return 0;
}

int requests_hall_summary(struct ctx *cx, int64_t unit_id, int64_t from, int64_t to, json_t **out)
{
	struct org_unit u;
	if (hall_in_scope(cx, unit_id, &u) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db, "SELECT score, COUNT(*) FROM hall_ratings"
					      " WHERE unit_id = ? AND at >= ? AND at < ? GROUP BY score");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, unit_id);
	store_bind_int64(st, 2, from);
	store_bind_int64(st, 3, to ? to : INT64_MAX);
	int64_t by[6] = {0}, total = 0;
	int rc;
	while ((rc = store_step(st)) == STORE_ROW) {
		int64_t s = store_col_int64(st, 0);
		if (s >= 1 && s <= 5) {
			by[s] = store_col_int64(st, 1);
			total += by[s];
		}
	}
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	/* what residents wrote, the latest first */
	json_t *comments = json_array();
	st = store_prepare(cx->db, "SELECT score, comment, at FROM hall_ratings WHERE unit_id = ?"
			   " AND at >= ? AND at < ? AND comment <> '' ORDER BY at DESC, id DESC LIMIT 20");
	if (!st) {
		json_decref(comments);
		return ctx_store_error(cx);
	}
	store_bind_int64(st, 1, unit_id);
	store_bind_int64(st, 2, from);
	store_bind_int64(st, 3, to ? to : INT64_MAX);
	while ((rc = store_step(st)) == STORE_ROW)
		json_array_append_new(comments, json_pack("{s:I, s:s, s:o}", "score",
			(json_int_t)store_col_int64(st, 0), "comment", store_col_text(st, 1), "at",
			json_time(store_col_int64(st, 2))));
	store_reset(st);
	if (rc == STORE_ERR) {
		json_decref(comments);
		return ctx_store_error(cx);
	}
	/* 满意率: 非常满意, 满意 and 基本满意 of all */
	json_t *scores = json_object();
	for (int s = 1; s <= 5; s++)
		json_object_set_new(scores, arena_printf(cx->a, "%d", s), json_integer(by[s]));
	*out = json_pack("{s:I, s:s, s:I, s:o, s:o, s:o}", "unit_id", (json_int_t)unit_id, "name",
		u.name, "total", (json_int_t)total, "scores", scores, "satisfied_rate",
		total ? json_real((double)(by[3] + by[4] + by[5]) / (double)total) : json_null(),
		"comments", comments);
	return 0;
}

int requests_hall_qr(struct ctx *cx, int64_t unit_id, const char *base, bool png,
		     const char **body, size_t *len)
{
	struct err *e = &cx->err;
	struct org_unit u;
	if (hall_in_scope(cx, unit_id, &u) < 0)
		return -1;
	const char *url = arena_printf(cx->a, "%s/rate/hall/%lld", base, (long long)unit_id);
	if (png) {
		unsigned char *p = qr_png(cx->a, url, QR_SCALE, len);
		*body = (const char *)p;
		return p ? 0 : err_set(e, ERR_INTERNAL);
	}
	*body = qr_svg(cx->a, url, QR_SCALE);
	*len = *body ? strlen(*body) : 0;
	return *body ? 0 : err_set(e, ERR_INTERNAL);
}
