/* party: what the party service tree hands the program. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "access/accounts.h"
#include "app/feature.h"
#include "org/org.h"
#include "party/limits.h"
#include "party/party.h"
#include "registry/registry.h"

const struct limit party_limits[] = {
	[L_PARTY_UNIT_NAME] = {"party_unit.name", LIMIT_STRING, 1, 64, NULL},
	[L_PARTY_LINKS] = {"party_member.links", LIMIT_INTEGER, 1, 5, NULL},
	[L_PARTY__COUNT] = {NULL, 0, 0, 0, NULL},
};

static const struct err_msg messages[] = {
	{"party_unit_unknown", "未知的党组织", "is not a known party unit"},
	{"party_unit_closed", "该党组织已撤销", "is a closed party unit"},
	{"party_unit_open", "该党组织没有撤销", "is not closed"},
	{"party_parent_level", "上级党组织层级不符：社区党委/党总支在最上层，小区党支部在党委下，楼院党小组在支部下，"
	 "党员中心户在党小组下，党员先锋岗在中心户下",
	 "does not fit: a committee is at the top, a branch under a committee, a group under a "
	 "branch, a centre household under a group, a vanguard post under a centre household"},
	{"party_unit_kind", "所属组织单元类型不符：党委/党总支属于街道或社区，党支部属于小区或网格，"
	 "党小组、中心户和先锋岗属于小区、网格或微网格",
	 "is the wrong kind of org unit: a committee belongs to a street or community, a branch to "
	 "a compound or grid, the levels below to a compound, grid or micro-grid"},
	{"party_unit_outside", "不在上级党组织所属的组织单元之内",
	 "is outside the org unit of the party unit above"},
	{"party_unit_cycle", "不能移到它自己或它的下级之下",
	 "cannot be the party unit itself or one below it"},
	{"party_unit_has_units", "还有 %ld 个下级党组织未撤销", "still has %ld open party units below it"},
	{"party_unit_has_members", "还有 %ld 名党员在此任职", "still has %ld members serving"},
	{"party_member_who", "须指定账号或居民", "needs an account or a resident"},
	{"party_member_serving", "此人已在该党组织任职", "already serves at this party unit"},
	{"party_member_ended", "该党员已离任", "has ended serving here"},
	{"party_links_full", "每名党员最多联系 %ld 户", "a member looks after at most %ld households"},
	{"party_link_exists", "已联系该户", "is already linked to this member"},
	{"party_link_ended", "该联系已结束", "has already ended"},
	{"party_household_unknown", "未知的住户", "is not a known household"},
	{"party_household_outside", "不在该党组织所属的组织单元之内",
	 "is outside the org unit of this party unit"},
	{"party_household_dissolved", "该住户已注销", "is a dissolved household"},
	{"party_resident_unknown", "未知的居民", "is not a known resident"},
	{"party_date", "日期格式应为 YYYY-MM-DD，例如 2026-12-01",
	 "must be a date like 2026-12-01"},
	{"party_date_future", "不能晚于今天", "must not be after today"},
	{"party_date_before_since", "不能早于开始日期", "must not be before the start date"},
	{"party_unit_moved_outside", "移动后有 %ld 个党组织将不在其上级党组织所属的组织单元之内，请先调整党组织",
	 "would leave %ld party units outside the org unit of the party unit above them: move or close those first"},
	{"party_unit_has_party_units", "还有 %ld 个党组织属于该单元",
	 "still has %ld open party units attached to it"},
	{NULL, NULL, NULL},
};

static const struct err_msg labels[] = {
	{"action:party_unit.create", "新建党组织", "Created a party unit"},
	{"action:party_unit.update", "修改党组织", "Changed a party unit"},
	{"action:party_unit.move", "移动党组织", "Moved a party unit"},
	{"action:party_unit.close", "撤销党组织", "Closed a party unit"},
	{"action:party_unit.reopen", "恢复党组织", "Reopened a party unit"},
	{"action:party_member.add", "党员任职", "Added a party member"},
	{"action:party_member.end", "党员离任", "Ended a party member's service"},
	{"action:party_link.add", "新增联系户", "Linked a household"},
	{"action:party_link.end", "结束联系户", "Ended a household link"},
	{"entity:party_unit", "党组织", "Party unit"},
	{"entity:party_member", "党员任职", "Party member"},
	{"entity:party_link", "联系户", "Linked household"},
	{"kind:committee", "社区党委/党总支", "Community party committee"},
	{"kind:branch", "小区党支部", "Compound party branch"},
	{"kind:group", "楼院党小组", "Building party group"},
	{"kind:centre_household", "党员中心户", "Party-member centre household"},
	{"kind:vanguard_post", "党员先锋岗", "Party-member vanguard post"},
	{"party_role:secretary", "书记", "Secretary"},
	{"party_role:deputy_secretary", "副书记", "Deputy secretary"},
	{"party_role:committee", "委员", "Committee member"},
	{"party_role:member", "党员", "Member"},
	{"party_role:centre_head", "中心户户主", "Head of the centre household"},
	{"party_role:post_holder", "先锋岗岗长", "Holder of the vanguard post"},
	{NULL, NULL, NULL},
};

/* ---- demo -------------------------------------------------------------------------------- */

#define DEMO_PASSWORD "Linli@2026"
#define DEMO_MEMBER "sunhong"

static int demo_unit(struct ctx *cx, int64_t parent, const char *level, const char *name,
		     int64_t unit_id, struct party_unit *out)
{
	json_t *b = json_pack("{s:s, s:s, s:I}", "level", level, "name", name, "unit_id",
			      (json_int_t)unit_id);
	if (parent)
		json_object_set_new(b, "parent_id", json_integer(parent));
	int rc = party_unit_create(cx, b, out);
	json_decref(b);
	return rc;
}

static int demo_member(struct ctx *cx, int64_t node, int64_t user_id, const char *role,
		       const struct household *hs, size_t nh)
{
	json_t *ids = json_array();
	for (size_t i = 0; i < nh; i++)
		json_array_append_new(ids, json_integer(hs[i].id));
	json_t *b = json_pack("{s:I, s:s, s:s, s:o}", "user_id", (json_int_t)user_id, "role", role,
			      "since", "2026-07-01", "household_ids", ids);
	struct party_member m;
	int rc = party_member_add(cx, node, b, &m);
	json_decref(b);
	if (rc == 0)
		party_member_release(&m);
	return rc;
}

/* Up to six households of the unit whose residents need looking after (elderly living alone
 * or in an empty nest, key households), then any: four for the centre household's head, two
 * for the vanguard post. */
static int demo_key_households(struct ctx *cx, int64_t unit_id, struct household *hs, size_t *nh)
{
	static const char *const tags[] = {"living_alone", "empty_nest", "key_household"};
	*nh = 0;
	for (size_t t = 0; t < 3 && *nh < 6; t++) {
		struct resident_filter rf = {.tags = &tags[t], .ntags = 1, .unit_id = unit_id,
					     .age_min = -1, .age_max = -1, .limit = 20};
		struct resident *rs;
		size_t n = 0;
		int64_t next;
		if (registry_residents_list(cx, &rf, &rs, &n, &next) < 0)
			return -1;
		for (size_t i = 0; i < n && *nh < 6; i++) {
			bool seen = !rs[i].household_id;
			for (size_t j = 0; j < *nh && !seen; j++)
				seen = hs[j].id == rs[i].household_id;
			if (!seen && registry_household_by_id(cx, rs[i].household_id, &hs[*nh]) == 1)
				(*nh)++;
		}
	}
	struct household_filter hf = {.unit_id = unit_id, .limit = 12};
	struct household *any;
	size_t n = 0;
	int64_t next;
	if (registry_households_list(cx, &hf, &any, &n, &next) < 0)
		return -1;
	for (size_t i = 0; i < n && *nh < 6; i++) {
		bool seen = false;
		for (size_t j = 0; j < *nh && !seen; j++)
			seen = hs[j].id == any[i].id;
		if (!seen)
			hs[(*nh)++] = any[i];
	}
	return 0;
}

static int64_t demo_user(struct ctx *cx, const char *username)
{
	struct user u;
	int f = accounts_find(cx, username, &u, NULL);
	return f == 1 ? u.id : 0;
}

/* 和平社区's tree down to a vanguard post in its first grid, with the demo party member
 * (sunhong, added here) at the centre household looking after four of its households. */
static int demo(struct ctx *cx)
{
	struct org_unit hp, g1;
	if (org_unit_by_code(cx, "510104020001", &hp) != 1 ||
	    org_unit_by_code(cx, "510104020001001", &g1) != 1)
		return 0;
	int64_t n = 0;
	if (store_query_int64(cx->db, "SELECT COUNT(*) FROM party_units WHERE unit_id = ?", &n, 1,
			      hp.id) < 0)
		return ctx_store_error(cx);
	if (n > 0)
		return 0;
	int64_t member = demo_user(cx, DEMO_MEMBER);
	if (!member) {
		int64_t uid = g1.id;
		struct user_in in = {.username = DEMO_MEMBER, .display_name = "孙红（党员中心户户主）",
				     .password = DEMO_PASSWORD, .role = ROLE_PARTY_MEMBER,
				     .nunits = 1, .unit_ids = &uid};
		struct user u;
		if (accounts_create(cx, &in, &u) < 0)
			return -1;
		member = u.id;
	}
	/* the group and below sit in the grid's first micro-grid when there is one */
	struct org_unit_filter of = {.parent_id = g1.id, .kind = "microgrid"};
	struct org_unit *micro;
	size_t nmicro = 0;
	if (org_units_list(cx, &of, &micro, &nmicro) < 0)
		return -1;
	const struct org_unit *small = nmicro ? &micro[0] : &g1;
	struct party_unit c, b, g, ch, vp;
	if (demo_unit(cx, 0, "committee", "和平社区党委", hp.id, &c) < 0 ||
	    demo_unit(cx, c.id, "branch", "第一网格党支部", g1.id, &b) < 0 ||
	    demo_unit(cx, b.id, "group", "1号楼院党小组", small->id, &g) < 0 ||
	    demo_unit(cx, g.id, "centre_household", "孙红党员中心户", small->id, &ch) < 0 ||
	    demo_unit(cx, ch.id, "vanguard_post", "邻里互助先锋岗", small->id, &vp) < 0)
		return -1;
	struct household hs[6];
	size_t nh = 0;
	if (demo_key_households(cx, small->id, hs, &nh) < 0)
		return -1;
	size_t first = nh < 4 ? nh : 4;
	int64_t secretary = demo_user(cx, "zhangli"), leader = demo_user(cx, "wangqiang"),
		worker = demo_user(cx, "liuyang");
	if ((secretary && demo_member(cx, c.id, secretary, "secretary", NULL, 0) < 0) ||
	    (leader && demo_member(cx, b.id, leader, "secretary", NULL, 0) < 0) ||
	    demo_member(cx, ch.id, member, "centre_head", hs, first) < 0 ||
	    (worker && demo_member(cx, vp.id, worker, "post_holder", hs + first, nh - first) < 0))
		return -1;
	return 0;
}

static void demo_notes(void)
{
	printf("Party service: %s (party_member, password %s) looks after four households of "
	       "和平社区第一网格 (我联系的户)\n", DEMO_MEMBER, DEMO_PASSWORD);
}

/* A party unit attached to an org unit keeps it open. */
static const struct feature_use unit_uses[] = {
	{"party_units", "party_unit_has_party_units",
	 "SELECT COUNT(*) FROM party_units WHERE unit_id = ? AND closed_at IS NULL"},
	{NULL, NULL, NULL},
};

/* A move that would put an open node outside the unit of the node above it: the nodes attached
 * to the moved units, whose parent node's unit is no longer theirs or above it. */
static const struct feature_use unit_move_checks[] = {
	{"party_units", "party_unit_moved_outside",
	 "SELECT COUNT(*) FROM party_units p JOIN org_units o ON o.id = p.unit_id "
	 "JOIN party_units pp ON pp.id = p.parent_id JOIN org_units po ON po.id = pp.unit_id "
	 "WHERE p.closed_at IS NULL AND substr(o.path, 1, length(CAST(? AS TEXT))) = ? "
	 "AND substr(o.path, 1, length(po.path)) <> po.path"},
	{NULL, NULL, NULL},
};

const struct feature party_feature = {
	.name = "party", .routes = party_api_register, .messages = messages, .labels = labels,
	.limits = party_limits, .demo = demo, .demo_notes = demo_notes, .unit_uses = unit_uses,
	.unit_move_checks = unit_move_checks,
};
