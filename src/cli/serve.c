/* linli serve: wire the features' routes, start the jobs and the HTTP server, wait for a
 * signal, shut down in order. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/accounts.h"
#include "access/sessions.h"
#include "app/app.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/json.h"
#include "base/log.h"
#include "base/outbound.h"
#include "certificates/certificates.h"
#include "cli/cli.h"
#include "honours/honours.h"
#include "http/http.h"
#include "jobs/jobs.h"
#include "notify/notify.h"
#include "open311/open311.h"
#include "requests/requests.h"
#include "store/migrate.h"
#include "volunteers/volunteers.h"

extern const unsigned char openapi_yaml[];
extern const unsigned int openapi_yaml_len;

static int healthz(struct ctx *cx, struct req *rq, struct resp *rs)
{
	(void)rq;
	int64_t one = 0;
	if (store_query_int64(cx->db, "SELECT 1", &one, 0) != 1)
		return err_setf(&cx->err, ERR_UNAVAILABLE, "database: %s", store_errmsg(cx->db));
	resp_json(rs, 200, json_pack("{s:s, s:s, s:s}", "status", "ok", "db", "ok", "version",
				     LINLI_VERSION));
	return 0;
}

static int openapi(struct ctx *cx, struct req *rq, struct resp *rs)
{
	(void)cx;
	(void)rq;
	rs->status = 200;
	rs->content_type = "application/yaml; charset=utf-8";
	rs->body = (const char *)openapi_yaml;
	rs->len = openapi_yaml_len;
	return 0;
}

static const struct route routes[] = {
	{"GET", "/healthz", healthz, ROUTE_PUBLIC},
	{"GET", "/api/v1/openapi.yaml", openapi, ROUTE_PUBLIC},
};

void serve_register_routes(void);
void serve_register_routes(void)
{
	http_routes(routes, sizeof routes / sizeof routes[0]);
	app_register_routes();
}

int cmd_serve(int argc, char **argv)
{
	const char *listen = NULL, *stat = NULL, *threads = NULL;
	const struct flag flags[] = {
		{"listen", true, &listen}, {"static", true, &stat}, {"threads", true, &threads}, {0},
	};
	const char *pos[1];
	int npos;
	bool help;
	if (config_parse_args(argc, argv, flags, pos, 0, &npos, &help) < 0)
		return 2;
	if (help) {
		puts("usage: linli serve [--listen HOST:PORT] [--static DIR] [--threads N] [--db URL]\n"
		     "                   [--config FILE]\n"
		     "Serve the API and the web app. Applies pending migrations first. Stops cleanly on\n"
		     "SIGTERM or SIGINT: no new connections, in-flight requests finish, then exit.");
		return 0;
	}
	if (config_load(&cli_config, NULL, NULL) < 0)
		return 2;
	if (listen)
		cli_config.listen = listen;
	if (stat)
		cli_config.static_dir = *stat ? stat : NULL;
	if (threads)
		cli_config.threads = (unsigned)atoi(threads);

	struct ctx cx;
	if (cli_open(&cx, true) < 0)   /* migrations run once, before any thread starts */
		return 1;
	cli_close(&cx);
	if (!cli_config.attachments_dir && strncmp(cli_config.db, "sqlite:", 7) != 0)
		log_warn("no attachments_dir is set: photos and PDFs cannot be attached (set it to a "
			 "directory every server of this database shares)");

	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, NULL);   /* every thread started below inherits this */

	serve_register_routes();
	accounts_set_login_rate(cli_config.login_rate);
	requests_set_public_rate(cli_config.public_rate);
	open311_set_rate(cli_config.open311_rate);
	notify_configure(cli_config.notify_retry, cli_config.notify_tries, cli_config.notify_timeout);
	{
		struct net_range r[OUTBOUND_MAX_ALLOW];
		size_t nr = 0;
		char msg[160];
		if (outbound_init() < 0 ||
		    outbound_parse_allow(cli_config.outbound_allow, r, OUTBOUND_MAX_ALLOW, &nr, msg,
					 sizeof msg) < 0) {
			log_error("outbound calls cannot start");
			return 1;
		}
		outbound_set_allow(r, nr);
	}
	requests_set_hall_rate(cli_config.public_rate);
	volunteers_set_public_rate(cli_config.public_rate);
	certificates_set_public_rate(cli_config.public_rate);
	honours_set_public_rate(cli_config.public_rate);
	requests_set_public_url(cli_config.public_url);
	clock_set_offset(cli_config.clock_offset);
	struct http_opts o = {
		.listen = cli_config.listen, .db_url = cli_config.db, .static_dir = cli_config.static_dir,
		.threads = cli_config.threads, .body_limit = cli_config.body_limit,
		.upload_limit = cli_config.upload_limit, .timeout = cli_config.timeout,
		.head_timeout = cli_config.head_timeout, .per_address = cli_config.per_address,
		.body_budget = cli_config.body_budget,
		.cookie_secure = cli_config.cookie_secure, .access_log = cli_config.access_log,
		.trusted_proxies = cli_config.trusted_proxies,
		.hooks = {sessions_authenticate_cookie, sessions_authenticate_bearer,
			  cli_config.cookie_secure ? SESSION_COOKIE_SECURE : SESSION_COOKIE},
	};
	if (http_start(&o) < 0)
		return 1;
	int njobs;
	const struct job *jobs = app_jobs(&njobs);
	if (jobs_start(cli_config.db, jobs, njobs) < 0)
		log_warn("background jobs did not start");
	int nworkers;
	const struct worker *workers = app_workers(&nworkers);
	if (workers_start(cli_config.db, workers, nworkers) < 0)
		log_warn("background workers did not start");
	log_info("linli %s serving http://%s (database %s, web app %s)", LINLI_VERSION,
		 http_bound_address(), strncmp(cli_config.db, "sqlite:", 7) == 0 ? cli_config.db : "postgresql",
		 cli_config.static_dir ? cli_config.static_dir : "off");
	fflush(stdout);
	int sig = 0;
	sigdelset(&set, SIGPIPE);
	sigwait(&set, &sig);
	log_info("signal %d: stopping (in-flight requests finish first)", sig);
	http_stop(cli_config.grace);
	workers_stop();
	jobs_stop();
	outbound_cleanup();
	log_info("stopped");
	return 0;
}
