/* log: one line per event on standard error, with a UTC timestamp and a level; the access log
 * on standard output. Every line is escaped as a whole (text_escape): a value cannot forge a
 * line, move a terminal or be other than UTF-8. */
#ifndef LINLI_LOG_H
#define LINLI_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* One line of the access log, on standard output. */
void log_access(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Quiet mode drops info lines (the command line uses it). */
void log_set_quiet(int quiet);

#endif
