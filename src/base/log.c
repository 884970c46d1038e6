#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "base/text.h"

static int quiet;

void log_set_quiet(int q) { quiet = q; }

__attribute__((format(printf, 2, 0)))
static void emit(const char *level, const char *fmt, va_list ap)
{
	char ts[32], msg[2048], safe[4096];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
	vsnprintf(msg, sizeof msg, fmt, ap);
	/* whatever a value holds (a path, a method, a database's message), it cannot end the
	 * line, move the terminal or be anything but UTF-8: escaped here, for every line */
	text_escape(msg, safe, sizeof safe);
	if (level)   /* one fprintf a line: lines do not interleave */
		fprintf(stderr, "%s %s %s\n", ts, level, safe);
	else
		fprintf(stdout, "%s\n", safe);
}

void log_access(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit(NULL, fmt, ap);
	va_end(ap);
}

void log_info(const char *fmt, ...)
{
	if (quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	emit("info", fmt, ap);
	va_end(ap);
}

void log_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit("warn", fmt, ap);
	va_end(ap);
}

void log_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit("error", fmt, ap);
	va_end(ap);
}
