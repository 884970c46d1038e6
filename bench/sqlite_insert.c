/* bench/sqlite_insert.c: the raw single-row insert rate of SQLite on this machine, with linli's
 * settings (WAL, synchronous=FULL, foreign keys on): one prepared INSERT of a row of about the
 * width of a request, each in its own transaction, for a number of seconds. The requests
 * benchmark divides linli's rate of taking requests by this. Usage: sqlite_insert FILE SECONDS */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s FILE SECONDS\n", argv[0]);
		return 2;
	}
	sqlite3 *db;
	if (sqlite3_open(argv[1], &db) != SQLITE_OK)
		return 1;
	char *err = NULL;
	if (sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
			 "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, receipt TEXT UNIQUE,"
			 " channel TEXT, state TEXT, title TEXT, body TEXT, unit_id INTEGER,"
			 " received_at INTEGER, due_at INTEGER, version INTEGER)", NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "INSERT INTO t (receipt, channel, state, title, body, unit_id,"
			       " received_at, due_at, version) VALUES (?, 'window', 'accepted', '路灯不亮',"
			       " '3栋门口的路灯不亮了', 7, ?, ?, 1)", -1, &st, NULL) != SQLITE_OK)
		return 1;
	double secs = atof(argv[2]), t0 = now(), t = t0;
	long n = 0;
	char receipt[48];
	while (t - t0 < secs) {
		snprintf(receipt, sizeof receipt, "R-%ld-%ld", (long)t0, n);
		sqlite3_bind_text(st, 1, receipt, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)t);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)t + 86400);
		if (sqlite3_step(st) != SQLITE_DONE)
			return 1;
		sqlite3_reset(st);
		n++;
		if (n % 64 == 0)
			t = now();
	}
	t = now();
	printf("%.0f\n", (double)n / (t - t0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return 0;
}
