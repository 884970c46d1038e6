/* attachments: photos (JPEG, PNG, WebP) and PDFs attached to a request (entity "request"), to
 * its result ("request_result") and to a home visit ("visit").
 *
 *   - Checked by what the bytes are (attachments/image.h), never by the file's name or the type
 *     the client declared: an executable named photo.jpg, a truncated JPEG, a photo over
 *     12,000 pixels a side or 40 megapixels (refused from its header, before any pixel is
 *     decoded) are refused at the field `file`, and nothing is written.
 *   - At most attachment_limit bytes (10 MB by default; 413 beyond) and 20 a thing.
 *   - A photo is shown only as drawn again from its pixels (upright, without EXIF, XMP, GPS or
 *     any other metadata), at most 2,560 pixels a side, with a JPEG thumbnail of 320; the file
 *     as it came is kept beside them and never served. A PDF is kept and served as it is,
 *     always as a download, and has no thumbnail.
 *   - The files live in attachments_dir (by default beside a SQLite database, <file>.attachments;
 *     servers sharing a PostgreSQL database share one directory) under random names; the row
 *     holds the thing it belongs to, the kind, sizes, dimensions, the SHA-256 of the file as it
 *     came, who and when. A file is written under a temporary name and takes its own after the
 *     row is committed; what a failure leaves is removed at once, what a crash leaves by the
 *     job `attachments_sweep`.
 *   - Who: whoever reads the thing (requests_get, visits_get: a 404 there is a 404 here, for the
 *     list and every file) sees its attachments. A request's own are added by those who take
 *     requests (requests.write), its result's by those who handle them (requests.handle), both
 *     while it is open; a visit's by its visitor or those who record visits (visits.write).
 *     An attachment is deleted by whoever added it, or by a dispatcher (requests.dispatch) or a
 *     planner of visits (visits.plan) who reads the thing. Adding and deleting are audited. */
#ifndef LINLI_ATTACHMENTS_H
#define LINLI_ATTACHMENTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/ctx.h"

struct attachment {
	int64_t id, entity_id;
	const char *entity, *kind, *name, *stem, *sha256;
	int64_t bytes, width, height;
	int64_t shown_bytes, shown_width, shown_height;
	int64_t thumb_bytes, thumb_width, thumb_height;
	int64_t created_by, created_at;
	const char *creator_name;
	bool may_delete;             /* by the caller */
};

#define ATTACHMENTS_DEFAULT_LIMIT ((size_t)10 * 1024 * 1024)

/* The directory of the files (NULL: none; an upload is then 503) and the largest file. */
void attachments_set_dir(const char *dir);
void attachments_set_limit(size_t bytes);
size_t attachments_limit(void);

/* A file for the thing (entity, entity_id), named `name` by the client (only its last part is
 * kept, with the extension of what it is). 0 with the attachment, or -1 with cx->err. */
int attachments_add(struct ctx *cx, const char *entity, int64_t entity_id, const char *name,
		    const unsigned char *data, size_t len, struct attachment *out);
/* The thing's attachments, oldest first. */
int attachments_list(struct ctx *cx, const char *entity, int64_t entity_id,
		     struct attachment **items, size_t *n);
int attachments_get(struct ctx *cx, int64_t id, struct attachment *out);
/* The bytes shown ('s': the photo drawn again, or the PDF) or the thumbnail ('t'; 404 for a
 * PDF), on the arena. */
int attachments_read(struct ctx *cx, int64_t id, char which, struct attachment *out,
		     const char **data, size_t *len);
int attachments_delete(struct ctx *cx, int64_t id);
const char *attachment_content_type(const char *kind);
json_t *attachment_json(const struct attachment *a);

#endif
