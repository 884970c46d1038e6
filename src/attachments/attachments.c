/* Attachments: the things they belong to (read through their features' own look-ups), the
 * checks of a file, its copies, the row and the audit. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "access/audit.h"
#include "attachments/image.h"
#include "attachments/internal.h"
#include "base/json.h"
#include "base/log.h"
#include "base/text.h"
#include "requests/requests.h"
#include "visits/visits.h"

static size_t limit_ = ATTACHMENTS_DEFAULT_LIMIT;
/* the form's own parts and framing besides the file */
#define ATT_FORM_ROOM (64 * 1024)
size_t att_body_limit = ATTACHMENTS_DEFAULT_LIMIT + ATT_FORM_ROOM;

void attachments_set_limit(size_t bytes)
{
	limit_ = bytes ? bytes : ATTACHMENTS_DEFAULT_LIMIT;
	att_body_limit = limit_ + ATT_FORM_ROOM;
}

size_t attachments_limit(void) { return limit_; }

/* --- what an attachment belongs to -------------------------------------------------------- */

struct owner {
	bool open;          /* may still take attachments */
	bool may_add;
	bool may_delete;    /* anyone's */
};

static bool has(const struct ctx *cx, enum perm p)
{
	return cx->actor.system || access_role_has(cx->actor.role, p);
}

static bool known_entity(const char *e)
{
	return e && (!strcmp(e, "request") || !strcmp(e, "request_result") || !strcmp(e, "visit"));
}

/* The thing as its own feature shows it to the caller: 0 with what the caller may do there, or
 * -1 with that feature's answer (404 outside the scope, 403 without the permission to read). */
static int owner_of(struct ctx *cx, const char *entity, int64_t id, struct owner *o)
{
	memset(o, 0, sizeof *o);
	if (!strcmp(entity, "visit")) {
		struct visit v;
		if (visits_get(cx, id, &v) < 0)
			return -1;
		o->open = true;
		o->may_add = (v.visitor_id == cx->actor.user_id && !cx->actor.system) ||
			     has(cx, PERM_VISITS_WRITE);
		o->may_delete = has(cx, PERM_VISITS_PLAN);
		return 0;
	}
	struct request r;
	if (requests_get(cx, id, &r) < 0)
		return -1;
	o->open = rq_state_open(r.state);
	o->may_add = has(cx, strcmp(entity, "request_result") ? PERM_REQUESTS_WRITE
							       : PERM_REQUESTS_HANDLE);
	o->may_delete = has(cx, PERM_REQUESTS_DISPATCH);
	return 0;
}

/* --- rows ------------------------------------------------------------------------------- */

#define A_COLS "a.id, a.entity, a.entity_id, a.kind, a.name, a.stem, a.bytes, a.sha256, a.width," \
	" a.height, a.shown_bytes, a.shown_width, a.shown_height, a.thumb_bytes, a.thumb_width," \
	" a.thumb_height, a.created_by, a.created_at, COALESCE(NULLIF(u.display_name, ''), u.username)"
#define A_FROM "attachments a JOIN users u ON u.id = a.created_by"

static int64_t read_row(struct ctx *cx, struct store_stmt *st, void *row)
{
	struct attachment *a = row;
	a->id = store_col_int64(st, 0);
	a->entity = arena_strdup(cx->a, store_col_text(st, 1));
	a->entity_id = store_col_int64(st, 2);
	a->kind = arena_strdup(cx->a, store_col_text(st, 3));
	a->name = arena_strdup(cx->a, store_col_text(st, 4));
	a->stem = arena_strdup(cx->a, store_col_text(st, 5));
	a->bytes = store_col_int64(st, 6);
	a->sha256 = arena_strdup(cx->a, store_col_text(st, 7));
	a->width = store_col_int64(st, 8);
	a->height = store_col_int64(st, 9);
	a->shown_bytes = store_col_int64(st, 10);
	a->shown_width = store_col_int64(st, 11);
	a->shown_height = store_col_int64(st, 12);
	a->thumb_bytes = store_col_int64(st, 13);
	a->thumb_width = store_col_int64(st, 14);
	a->thumb_height = store_col_int64(st, 15);
	a->created_by = store_col_int64(st, 16);
	a->created_at = store_col_int64(st, 17);
	a->creator_name = arena_strdup(cx->a, store_col_text(st, 18));
	return a->id;
}

static int fetch(struct ctx *cx, int64_t id, struct attachment *out)
{
	struct store_stmt *st = store_prepare(cx->db, "SELECT " A_COLS " FROM " A_FROM " WHERE a.id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_int64(st, 1, id);
	int rc = store_step(st);
	if (rc == STORE_ROW)
		read_row(cx, st, out);
	store_reset(st);
	if (rc == STORE_ERR)
		return ctx_store_error(cx);
	return rc == STORE_ROW;
}

static bool is_image(const char *kind) { return strcmp(kind, "pdf") != 0; }
/* a photo's drawn copy and thumbnail (and, from before they were dropped, the file as it came:
 * each step below passes over a file that is not there), a PDF as it came */
static const char *files_of(const char *kind) { return is_image(kind) ? "ost" : "o"; }

const char *attachment_content_type(const char *kind)
{
	if (!strcmp(kind, "jpeg"))
		return "image/jpeg";
	if (!strcmp(kind, "png"))
		return "image/png";
	if (!strcmp(kind, "webp"))
		return "image/webp";
	return "application/pdf";
}

static json_t *copy_json(int64_t bytes, int64_t w, int64_t h, const char *url)
{
	return json_pack("{s:I, s:I, s:I, s:s}", "bytes", (json_int_t)bytes, "width", (json_int_t)w,
			 "height", (json_int_t)h, "url", url);
}

json_t *attachment_json(const struct attachment *a)
{
	bool img = is_image(a->kind);
	char file[64], thumb[64];
	snprintf(file, sizeof file, "/api/v1/attachments/%lld/file", (long long)a->id);
	snprintf(thumb, sizeof thumb, "/api/v1/attachments/%lld/thumb", (long long)a->id);
	return json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:I, s:s, s:o, s:o, s:o, s:o,"
			 " s:{s:I, s:s}, s:o, s:b}",
		"id", (json_int_t)a->id, "entity", a->entity, "entity_id", (json_int_t)a->entity_id,
		"kind", a->kind, "content_type", attachment_content_type(a->kind), "name", a->name,
		"bytes", (json_int_t)a->bytes, "sha256", a->sha256,
		"width", img ? json_integer(a->width) : json_null(),
		"height", img ? json_integer(a->height) : json_null(),
		"shown", copy_json(a->shown_bytes, a->shown_width, a->shown_height, file),
		"thumb", img ? copy_json(a->thumb_bytes, a->thumb_width, a->thumb_height, thumb)
			     : json_null(),
		"created_by", "id", (json_int_t)a->created_by, "name", a->creator_name,
		"created_at", json_time(a->created_at), "may_delete", a->may_delete);
}

/* --- the name given ----------------------------------------------------------------------- */

static const char *ext_of(enum img_kind k)
{
	switch (k) {
	case IMG_JPEG: return "jpg";
	case IMG_PNG: return "png";
	case IMG_WEBP: return "webp";
	default: return "pdf";
	}
}

/* Its last part (after / or \), without control characters, quotes or its extension, cut
 * between characters to leave room for the extension within the limit (counted in bytes here,
 * so within the limit's characters too), then the extension of what the file is. */
static const char *clean_name(struct ctx *cx, const char *given, enum img_kind k)
{
	const char *base = "attachment";
	if (given && utf8_valid(given, strlen(given))) {
		const char *s = given;
		for (const char *p = given; *p; p++)
			if (*p == '/' || *p == '\\')
				s = p + 1;
		struct buf b;
		buf_init(&b, cx->a);
		for (const unsigned char *p = (const unsigned char *)s; *p; p++)
			if (*p >= 0x20 && *p != 0x7f && *p != '"' && *p != ';')
				buf_add(&b, p, 1);
		char *t = (char *)(uintptr_t)buf_str(&b);
		char *dot = strrchr(t, '.');
		if (dot && dot != t)
			*dot = '\0';
		while (*t == ' ' || *t == '.')
			t++;
		size_t max = (size_t)attachments_limits[L_ATT_NAME].max - 5;
		t[utf8_prefix(t, max)] = '\0';
		if (text_has_bidi(t))
			t = "";
		if (*t)
			base = t;
	}
	return arena_printf(cx->a, "%s.%s", base, ext_of(k));
}

/* --- the file ---------------------------------------------------------------------------- */

static int problem(struct ctx *cx, enum img_problem p)
{
	switch (p) {
	case IMG_OK: return 0;
	case IMG_UNKNOWN: return err_field(&cx->err, "file", "attachment_type", 0);
	case IMG_TOO_BIG: return err_field(&cx->err, "file", "attachment_pixels", IMG_MAX_SIDE);
	case IMG_ANIMATED: return err_field(&cx->err, "file", "attachment_animated", 0);
	case IMG_INTERLACED:
		return err_field(&cx->err, "file", "attachment_interlaced", IMG_MAX_INTERLACED / 1000000);
	case IMG_NO_MEMORY: return err_setf(&cx->err, ERR_UNAVAILABLE, "out of memory decoding a photo");
	default: return err_field(&cx->err, "file", "attachment_damaged", 0);
	}
}

static int count_of(struct ctx *cx, const char *entity, int64_t id, int64_t *n)
{
	struct store_stmt *st = store_prepare(cx->db,
		"SELECT COUNT(*) FROM attachments WHERE entity = ? AND entity_id = ?");
	if (!st)
		return ctx_store_error(cx);
	store_bind_text(st, 1, entity);
	store_bind_int64(st, 2, id);
	int rc = store_step(st);
	*n = rc == STORE_ROW ? store_col_int64(st, 0) : 0;
	store_reset(st);
	return rc == STORE_ERR ? ctx_store_error(cx) : 0;
}

int attachments_add(struct ctx *cx, const char *entity, int64_t entity_id, const char *name,
		    const unsigned char *data, size_t len, struct attachment *out)
{
	if (!known_entity(entity))
		return err_field(&cx->err, "entity", "attachment_entity", 0);
	if (entity_id <= 0)
		return err_field(&cx->err, "entity_id", "too_small", 1);
	struct owner o;
	if (owner_of(cx, entity, entity_id, &o) < 0)
		return -1;
	if (!o.may_add)
		return err_setf(&cx->err, ERR_FORBIDDEN, "may not add attachments to %s %lld", entity,
				(long long)entity_id);
	if (!o.open) {
		err_set(&cx->err, ERR_CONFLICT);
		return err_field(&cx->err, "entity_id", "attachment_closed", 0);
	}
	int64_t have, most = attachments_limits[L_ATT_PER_ENTITY].max;
	if (count_of(cx, entity, entity_id, &have) < 0)
		return -1;
	if (have >= most) {
		err_set(&cx->err, ERR_CONFLICT);
		return err_field(&cx->err, "entity_id", "attachment_full", (long)most);
	}
	if (len > limit_) {
		err_set(&cx->err, ERR_TOO_LARGE);
		return limit_ % (1024 * 1024)
			? err_field(&cx->err, "file", "file_too_large_kb", (long)(limit_ / 1024))
			: err_field(&cx->err, "file", "file_too_large", (long)(limit_ / (1024 * 1024)));
	}
	if (!att_dir())
		return err_setf(&cx->err, ERR_UNAVAILABLE, "no attachments_dir is set");

	/* what the bytes are, from their headers; then decoded in full and drawn again */
	struct img_info info;
	enum img_problem pr = img_inspect(data, len, IMG_MAX_SIDE, IMG_MAX_PIXELS, &info);
	struct img_out show = {0}, thumb = {0};
	if (pr == IMG_OK && info.kind != IMG_PDF)
		pr = img_render(data, len, &info, IMG_SHOW_SIDE, IMG_THUMB_SIDE, &show, &thumb);
	if (pr != IMG_OK)
		return problem(cx, pr);
	bool img = info.kind != IMG_PDF;
	static const char *const kinds[] = {"", "jpeg", "png", "webp", "pdf"};
	struct attachment a = {
		.entity = entity, .entity_id = entity_id, .kind = kinds[info.kind],
		.name = clean_name(cx, name, info.kind), .bytes = (int64_t)len,
		.created_by = cx->actor.user_id, .created_at = cx->now,
		.creator_name = cx->actor.username ? cx->actor.username : "",
	};
	unsigned char hash[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(hash, data, len);
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
	a.sha256 = arena_strdup(cx->a, hex);
	unsigned char rnd[ATT_STEM_LEN / 2];
	randombytes_buf(rnd, sizeof rnd);
	char stem[ATT_STEM_LEN + 1];
	sodium_bin2hex(stem, sizeof stem, rnd, sizeof rnd);
	a.stem = arena_strdup(cx->a, stem);
	if (img) {
		bool turned = info.orientation >= 5;
		a.width = turned ? info.height : info.width;
		a.height = turned ? info.width : info.height;
		a.shown_bytes = (int64_t)show.len, a.shown_width = show.width, a.shown_height = show.height;
		a.thumb_bytes = (int64_t)thumb.len, a.thumb_width = thumb.width, a.thumb_height = thumb.height;
	} else {
		a.shown_bytes = (int64_t)len;
	}
	/* a photo as it came is not kept: its EXIF may hold where the resident's door is, and only
	 * the drawn copies are ever shown; a PDF is kept as it came */
	struct att_file files[2] = {{'s', show.data, show.len}, {'t', thumb.data, thumb.len}};
	if (!img)
		files[0] = (struct att_file){'o', data, len};
	int rc = att_files_write(cx, stem, files, img ? 2 : 1);
	img_out_free(&show);
	img_out_free(&thumb);
	if (rc < 0)
		return -1;

	/* the row, its count of the thing's attachments again and the audit in one transaction;
	 * the files take their names after the commit */
	if (ctx_begin(cx) < 0)
		goto discard;
	if (count_of(cx, entity, entity_id, &have) < 0) {
		ctx_rollback(cx);
		goto discard;
	}
	if (have >= most) {
		ctx_rollback(cx);
		err_set(&cx->err, ERR_CONFLICT);
		err_field(&cx->err, "entity_id", "attachment_full", (long)most);
		goto discard;
	}
	struct store_stmt *st = store_prepare(cx->db,
		"INSERT INTO attachments (entity, entity_id, kind, name, stem, bytes, sha256, width,"
		" height, shown_bytes, shown_width, shown_height, thumb_bytes, thumb_width,"
		" thumb_height, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		" ?, ?, ?, ?) RETURNING id");
	if (!st) {
		ctx_fail(cx);
		goto discard;
	}
	int k = 1;
	store_bind_text(st, k++, a.entity);
	store_bind_int64(st, k++, a.entity_id);
	store_bind_text(st, k++, a.kind);
	store_bind_text(st, k++, a.name);
	store_bind_text(st, k++, a.stem);
	store_bind_int64(st, k++, a.bytes);
	store_bind_text(st, k++, a.sha256);
	store_bind_int64(st, k++, a.width);
	store_bind_int64(st, k++, a.height);
	store_bind_int64(st, k++, a.shown_bytes);
	store_bind_int64(st, k++, a.shown_width);
	store_bind_int64(st, k++, a.shown_height);
	store_bind_int64(st, k++, a.thumb_bytes);
	store_bind_int64(st, k++, a.thumb_width);
	store_bind_int64(st, k++, a.thumb_height);
	store_bind_int64(st, k++, a.created_by);
	store_bind_int64(st, k, a.created_at);
	if (ctx_insert(cx, st, NULL, NULL, &a.id) < 0)
		goto discard;
	json_t *after = json_pack("{s:s, s:I, s:s, s:s, s:I, s:s}", "entity", a.entity, "entity_id",
				  (json_int_t)a.entity_id, "kind", a.kind, "name", a.name, "bytes",
				  (json_int_t)a.bytes, "sha256", a.sha256);
	rc = audit_commit(cx, "attachment.create", "attachment", a.id, NULL, after);
	json_decref(after);
	if (rc < 0)
		goto discard;
	att_files_publish(stem, files_of(a.kind));
	a.may_delete = true;
	*out = a;
	if (fetch(cx, a.id, out) == 1)   /* as the lists show it: the adder's display name */
		out->may_delete = true;
	else
		*out = a, err_clear(&cx->err);
	return 0;
discard:
	att_files_discard(stem, files_of(a.kind));
	return -1;
}

/* --- reading ---------------------------------------------------------------------------- */

static bool deletable(const struct ctx *cx, const struct attachment *a, const struct owner *o)
{
	return o->may_delete || (a->created_by == cx->actor.user_id && !cx->actor.system) ||
	       cx->actor.system;
}

int attachments_list(struct ctx *cx, const char *entity, int64_t entity_id,
		     struct attachment **items, size_t *n)
{
	if (!known_entity(entity))
		return err_field(&cx->err, "entity", "attachment_entity", 0);
	struct owner o;
	if (owner_of(cx, entity, entity_id, &o) < 0)
		return -1;
	struct store_stmt *st = store_prepare(cx->db, "SELECT " A_COLS " FROM " A_FROM
		" WHERE a.entity = ? AND a.entity_id = ? ORDER BY a.id");
	if (!st)
		return ctx_store_error(cx);
	store_bind_text(st, 1, entity);
	store_bind_int64(st, 2, entity_id);
	if (ctx_rows(cx, st, sizeof **items, 1000, read_row, items, n) < 0)
		return -1;
	for (size_t i = 0; i < *n; i++)
		(*items)[i].may_delete = deletable(cx, &(*items)[i], &o);
	return 0;
}

/* The attachment when the caller reads what it belongs to, else 404 (or that thing's 403). */
static int visible(struct ctx *cx, int64_t id, struct attachment *out, struct owner *o)
{
	if (access_require(cx, PERM_SELF, NULL) < 0)
		return -1;
	int f = fetch(cx, id, out);
	if (f <= 0)
		return f < 0 ? -1 : err_set(&cx->err, ERR_NOT_FOUND);
	if (owner_of(cx, out->entity, out->entity_id, o) < 0) {
		/* one who may not read such things at all learns no more of this one than of none */
		if (cx->err.code == ERR_FORBIDDEN) {
			err_clear(&cx->err);
			err_set(&cx->err, ERR_NOT_FOUND);
		}
		return -1;
	}
	out->may_delete = deletable(cx, out, o);
	return 0;
}

int attachments_get(struct ctx *cx, int64_t id, struct attachment *out)
{
	struct owner o;
	return visible(cx, id, out, &o);
}

int attachments_read(struct ctx *cx, int64_t id, char which, struct attachment *out,
		     const char **data, size_t *len)
{
	struct owner o;
	if (visible(cx, id, out, &o) < 0)
		return -1;
	if (which == 't' && !is_image(out->kind))
		return err_setf(&cx->err, ERR_NOT_FOUND, "a PDF has no thumbnail");
	/* a photo's drawn copy; a PDF as it came */
	return att_file_read(cx, out->stem, which == 't' ? 't' : is_image(out->kind) ? 's' : 'o',
			     data, len);
}

int attachments_delete(struct ctx *cx, int64_t id)
{
	struct attachment a;
	struct owner o;
	if (visible(cx, id, &a, &o) < 0)
		return -1;
	if (!a.may_delete)
		return err_setf(&cx->err, ERR_FORBIDDEN, "not the uploader of attachment %lld",
				(long long)id);
	const char *which = files_of(a.kind);
	/* the files leave their names first, so that none stays without its row */
	if (att_files_retract(cx, a.stem, which) < 0)
		return -1;
	if (ctx_begin(cx) < 0)
		goto restore;
	struct store_stmt *st = store_prepare(cx->db, "DELETE FROM attachments WHERE id = ?");
	if (!st) {
		ctx_fail(cx);
		goto restore;
	}
	store_bind_int64(st, 1, id);
	int64_t changed = 0;
	if (ctx_write(cx, st, NULL, NULL, &changed) < 0)
		goto restore;
	if (changed != 1) {
		ctx_rollback(cx);
		err_set(&cx->err, ERR_NOT_FOUND);
		goto restore;
	}
	json_t *before = json_pack("{s:s, s:I, s:s, s:s, s:I, s:s}", "entity", a.entity,
				   "entity_id", (json_int_t)a.entity_id, "kind", a.kind, "name",
				   a.name, "bytes", (json_int_t)a.bytes, "sha256", a.sha256);
	int rc = audit_commit(cx, "attachment.delete", "attachment", id, before, NULL);
	json_decref(before);
	if (rc < 0)
		goto restore;
	att_files_discard(a.stem, which);
	return 0;
restore:
	att_files_publish(a.stem, which);
	return -1;
}
