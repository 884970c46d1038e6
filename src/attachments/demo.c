/* The demo's attachments: photos drawn here (a street of houses under a sky, with the damage or
 * the repair the request is about marked), attached by 刘洋 (liuyang, grid worker of 第一网格)
 * to a few of the requests he sees that are still open: the scene as reported, and for those
 * resolved, the work done. They go through attachments_add() like any upload. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "access/accounts.h"
#include "attachments/image.h"
#include "attachments/internal.h"
#include "requests/requests.h"

enum { PHOTO_W = 1280, PHOTO_H = 960, DEMO_PHOTOS = 4 };

static void fill(unsigned char *p, int x0, int y0, int x1, int y1, int r, int g, int b)
{
	for (int y = y0 < 0 ? 0 : y0; y < y1 && y < PHOTO_H; y++)
		for (int x = x0 < 0 ? 0 : x0; x < x1 && x < PHOTO_W; x++) {
			unsigned char *q = p + ((size_t)y * PHOTO_W + (size_t)x) * 3;
			q[0] = (unsigned char)r, q[1] = (unsigned char)g, q[2] = (unsigned char)b;
		}
}

/* A sky fading to the horizon, a road, houses with windows; `fixed` marks the result (a green
 * frame round the lamp that works), else a dark lamp with a red ring. */
static unsigned char *scene(int variant, bool fixed)
{
	unsigned char *p = malloc((size_t)PHOTO_W * PHOTO_H * 3);
	if (!p)
		return NULL;
	for (int y = 0; y < PHOTO_H; y++) {
		for (int x = 0; x < PHOTO_W; x++) {
			unsigned char *q = p + ((size_t)y * PHOTO_W + (size_t)x) * 3;
			if (y < PHOTO_H * 6 / 10) {   /* sky */
				q[0] = (unsigned char)(90 + y * 120 / PHOTO_H);
				q[1] = (unsigned char)(140 + y * 90 / PHOTO_H);
				q[2] = (unsigned char)(220 - y * 40 / PHOTO_H);
			} else {                      /* road, with a little grain */
				int g = 90 + ((x * 7 + y * 13 + variant * 31) % 17);
				q[0] = q[1] = q[2] = (unsigned char)g;
			}
		}
	}
	for (int h = 0; h < 4; h++) {
		int x0 = 60 + h * 300 + variant * 17, top = 200 + ((h + variant) % 3) * 60;
		int shade = 150 + ((h * 40 + variant * 25) % 80);
		fill(p, x0, top, x0 + 240, PHOTO_H * 6 / 10, shade, shade - 30, shade - 60);
		for (int wy = top + 30; wy < PHOTO_H * 6 / 10 - 40; wy += 70)
			for (int wx = x0 + 25; wx < x0 + 220; wx += 60)
				fill(p, wx, wy, wx + 35, wy + 40, 60, 80, 110);
	}
	/* the street lamp */
	int lx = 980 - variant * 40;
	fill(p, lx, 300, lx + 14, PHOTO_H * 6 / 10 + 40, 50, 50, 55);
	fill(p, lx - 30, 280, lx + 44, 310, fixed ? 255 : 70, fixed ? 230 : 70, fixed ? 120 : 70);
	int r = fixed ? 40 : 200, g = fixed ? 170 : 30, b = fixed ? 60 : 30;
	fill(p, lx - 60, 240, lx + 74, 250, r, g, b);
	fill(p, lx - 60, 340, lx + 74, 350, r, g, b);
	fill(p, lx - 60, 240, lx - 50, 350, r, g, b);
	fill(p, lx + 64, 240, lx + 74, 350, r, g, b);
	return p;
}

static int attach(struct ctx *cx, const char *entity, int64_t id, int variant, bool fixed)
{
	unsigned char *px = scene(variant, fixed);
	if (!px)
		return err_setf(&cx->err, ERR_UNAVAILABLE, "out of memory");
	struct img_out jpg;
	enum img_problem pr = img_encode_jpeg(px, PHOTO_W, PHOTO_H, 85, &jpg);
	free(px);
	if (pr != IMG_OK)
		return err_setf(&cx->err, ERR_UNAVAILABLE, "out of memory");
	struct attachment a;
	char name[32];
	snprintf(name, sizeof name, "IMG_2026%04d.jpg", 1200 + variant * 7 + (fixed ? 1 : 0));
	int rc = attachments_add(cx, entity, id, name, jpg.data, jpg.len, &a);
	img_out_free(&jpg);
	return rc;
}

int attachments_demo(struct ctx *cx)
{
	int64_t have = 0;
	if (store_query_int64(cx->db, "SELECT COUNT(*) FROM attachments", &have, 0) < 0)
		return ctx_store_error(cx);
	if (have > 0 || !att_dir())
		return 0;
	struct user u;
	int f = accounts_find(cx, "liuyang", &u, NULL);
	if (f <= 0)
		return f;
	struct actor saved = cx->actor;
	cx->actor = (struct actor){.user_id = u.id, .username = u.username, .role = u.role};
	int rc = access_load_units(cx);
	struct request *items = NULL;
	size_t n = 0;
	int64_t next;
	struct request_filter rf = {.limit = 100};
	if (rc == 0)
		rc = requests_list(cx, &rf, &items, &n, &next);
	/* the newest open ones as reported, and the newest resolved ones with their result too */
	int made = 0, resolved = 0;
	for (size_t i = 0; rc == 0 && i < n && (made < DEMO_PHOTOS || resolved < 2); i++) {
		const struct request *r = &items[i];
		if (r->state == RQ_RESOLVED && resolved < 2) {
			rc = attach(cx, "request", r->id, made + resolved, false);
			if (rc == 0)
				rc = attach(cx, "request_result", r->id, made + resolved, true);
			resolved++;
		} else if (rq_state_open(r->state) && r->state != RQ_SUBMITTED && made < DEMO_PHOTOS) {
			rc = attach(cx, "request", r->id, made + resolved, false);
			made++;
		}
	}
	cx->actor = saved;
	return rc;
}
