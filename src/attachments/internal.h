/* What the files of attachments share (not for other features). */
#ifndef LINLI_ATTACHMENTS_INTERNAL_H
#define LINLI_ATTACHMENTS_INTERNAL_H

#include "attachments/attachments.h"
#include "attachments/limits.h"
#include "jobs/jobs.h"

/* The files of one attachment: 'o' as it came, 's' shown, 't' thumbnail. */
struct att_file {
	char which;
	const unsigned char *data;
	size_t len;
};

#define ATT_STEM_LEN 32
#define ATT_SWEEP_AGE 900   /* seconds a temporary file is left alone */

/* The directory, or NULL. */
const char *att_dir(void);
/* Write the files under their temporary names (tmp/<stem>.<which>), each synced: 0, or -1 with
 * cx->err (503 without a directory, 500) and nothing left. */
int att_files_write(struct ctx *cx, const char *stem, const struct att_file *files, size_t n);
/* Give them their own names (<aa>/<stem>.<which>, aa its first two digits): after the commit.
 * 0, or -1 logged (the sweep finishes what is left). */
int att_files_publish(const char *stem, const char *which);
/* Remove the temporary ones (the write was not committed). */
void att_files_discard(const char *stem, const char *which);
/* Take them back under their temporary names (a delete, before its commit), touched so that
 * the sweep leaves them for its age: 0, or -1 with cx->err and nothing moved. */
int att_files_retract(struct ctx *cx, const char *stem, const char *which);
/* One of them into the arena: 0, or -1 with cx->err (500 when it is missing). */
int att_file_read(struct ctx *cx, const char *stem, char which, const char **data, size_t *len);
/* The job: each temporary file older than ATT_SWEEP_AGE takes its own name when its row
 * exists (a crash after the commit) and is removed when not (after a failure or a delete). */
int64_t att_sweep(struct store *db, int64_t now);

int attachments_demo(struct ctx *cx);
void attachments_api_register(void);
/* The body limit of the upload route: the file's and room for the form around it. */
extern size_t att_body_limit;

#endif
