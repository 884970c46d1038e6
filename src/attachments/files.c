/* The attachments' directory: tmp/ for files not yet (or no longer) committed, and one folder
 * per first two digits of the random stems for the rest. Files 0600, folders 0700. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attachments/internal.h"
#include "base/log.h"

static char *dir_;

void attachments_set_dir(const char *dir)
{
	free(dir_);
	dir_ = dir && *dir ? strdup(dir) : NULL;
}

const char *att_dir(void) { return dir_; }

static void tmp_path(char *out, size_t n, const char *stem, char which)
{
	snprintf(out, n, "%s/tmp/%s.%c", dir_, stem, which);
}

static void final_path(char *out, size_t n, const char *stem, char which)
{
	snprintf(out, n, "%s/%.2s/%s.%c", dir_, stem, stem, which);
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0700) == 0 || errno == EEXIST)
		return 0;
	return -1;
}

static void sync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

static int write_all(const char *path, const unsigned char *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(fd);
			unlink(path);
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	if (fsync(fd) < 0) {
		close(fd);
		unlink(path);
		return -1;
	}
	return close(fd);
}

int att_files_write(struct ctx *cx, const char *stem, const struct att_file *files, size_t n)
{
	if (!dir_)
		return err_setf(&cx->err, ERR_UNAVAILABLE, "no attachments_dir is set");
	char path[4096];
	snprintf(path, sizeof path, "%s/tmp", dir_);
	if (make_dir(dir_) < 0 || make_dir(path) < 0)
		return err_setf(&cx->err, ERR_INTERNAL, "attachments_dir %s: %s", dir_, strerror(errno));
	for (size_t i = 0; i < n; i++) {
		tmp_path(path, sizeof path, stem, files[i].which);
		if (write_all(path, files[i].data, files[i].len) < 0) {
			int e = errno;
			for (size_t j = 0; j < i; j++) {
				tmp_path(path, sizeof path, stem, files[j].which);
				unlink(path);
			}
			return err_setf(&cx->err, ERR_INTERNAL, "writing %s: %s", path, strerror(e));
		}
	}
	snprintf(path, sizeof path, "%s/tmp", dir_);
	sync_dir(path);
	return 0;
}

int att_files_publish(const char *stem, const char *which)
{
	if (!dir_)
		return -1;
	char from[4096], to[4096];
	snprintf(to, sizeof to, "%s/%.2s", dir_, stem);
	if (make_dir(to) < 0) {
		log_error("attachments: cannot make %s: %s", to, strerror(errno));
		return -1;
	}
	int rc = 0;
	for (const char *w = which; *w; w++) {
		tmp_path(from, sizeof from, stem, *w);
		final_path(to, sizeof to, stem, *w);
		if (rename(from, to) < 0 && errno != ENOENT) {
			log_error("attachments: cannot move %s to %s: %s", from, to, strerror(errno));
			rc = -1;
		}
	}
	snprintf(to, sizeof to, "%s/%.2s", dir_, stem);
	sync_dir(to);
	return rc;
}

void att_files_discard(const char *stem, const char *which)
{
	if (!dir_)
		return;
	char path[4096];
	for (const char *w = which; *w; w++) {
		tmp_path(path, sizeof path, stem, *w);
		unlink(path);
	}
}

int att_files_retract(struct ctx *cx, const char *stem, const char *which)
{
	if (!dir_)
		return err_setf(&cx->err, ERR_UNAVAILABLE, "no attachments_dir is set");
	char from[4096], to[4096];
	snprintf(to, sizeof to, "%s/tmp", dir_);
	if (make_dir(dir_) < 0 || make_dir(to) < 0)
		return err_setf(&cx->err, ERR_INTERNAL, "attachments_dir %s: %s", dir_, strerror(errno));
	for (const char *w = which; *w; w++) {
		final_path(from, sizeof from, stem, *w);
		tmp_path(to, sizeof to, stem, *w);
		if (rename(from, to) < 0 && errno != ENOENT) {
			int e = errno;
			/* put back those already moved */
			for (const char *b = which; b < w; b++) {
				final_path(from, sizeof from, stem, *b);
				tmp_path(to, sizeof to, stem, *b);
				rename(to, from);
			}
			return err_setf(&cx->err, ERR_INTERNAL, "moving %s: %s", from, strerror(e));
		}
		utimensat(AT_FDCWD, to, NULL, 0);   /* the sweep's age counts from now */
	}
	return 0;
}

int att_file_read(struct ctx *cx, const char *stem, char which, const char **data, size_t *len)
{
	if (!dir_)
		return err_setf(&cx->err, ERR_UNAVAILABLE, "no attachments_dir is set");
	char path[4096];
	final_path(path, sizeof path, stem, which);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		/* committed, but the server stopped before the files took their names */
		char w[2] = {which, '\0'};
		att_files_publish(stem, w);
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0)
		return err_setf(&cx->err, ERR_INTERNAL, "%s: %s", path, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) < 0 || st.st_size < 0) {
		close(fd);
		return err_setf(&cx->err, ERR_INTERNAL, "%s: %s", path, strerror(errno));
	}
	size_t n = (size_t)st.st_size, got = 0;
	char *p = arena_alloc(cx->a, n + 1);
	while (got < n) {
		ssize_t r = read(fd, p + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (got != n)
		return err_setf(&cx->err, ERR_INTERNAL, "%s: short read", path);
	*data = p;
	*len = n;
	return 0;
}

static bool is_stem(const char *s, size_t n)
{
	if (n != ATT_STEM_LEN)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

int64_t att_sweep(struct store *db, int64_t now)
{
	if (!dir_)
		return 0;
	char path[4096];
	snprintf(path, sizeof path, "%s/tmp", dir_);
	DIR *d = opendir(path);
	if (!d)
		return 0;
	struct store_stmt *st = store_prepare(db, "SELECT 1 FROM attachments WHERE stem = ?");
	if (!st) {
		closedir(d);
		return -1;
	}
	int64_t touched = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		const char *dot = strrchr(e->d_name, '.');
		if (!dot || !is_stem(e->d_name, (size_t)(dot - e->d_name)) || strlen(dot) != 2 ||
		    !strchr("ost", dot[1]))
			continue;
		struct stat sb;
		snprintf(path, sizeof path, "%s/tmp/%s", dir_, e->d_name);
		if (stat(path, &sb) < 0 || (int64_t)sb.st_mtime > now - ATT_SWEEP_AGE)
			continue;
		char stem[ATT_STEM_LEN + 1];
		memcpy(stem, e->d_name, ATT_STEM_LEN);
		stem[ATT_STEM_LEN] = '\0';
		store_bind_text(st, 1, stem);
		int rc = store_step(st);
		store_reset(st);
		if (rc == STORE_ERR)
			break;
		char which[2] = {dot[1], '\0'};
		if (rc == STORE_ROW)
			att_files_publish(stem, which);
		else
			unlink(path);
		touched++;
	}
	closedir(d);
	return touched;
}
