/* log: one line per event on standard error, with a UTC timestamp and a level. */
#ifndef LINLI_LOG_H
#define LINLI_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Quiet mode drops info lines (the command line uses it). */
void log_set_quiet(int quiet);

#endif
