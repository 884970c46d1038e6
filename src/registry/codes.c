#include "registry/codes.h"

#include <strings.h>
#include <string.h>

/* GB/T 3304-1991 中国各民族名称的罗马字母拼写法和代码: number, name, romanised name and letter
 * code, in the standard's order; 97 and 98 are its two entries beyond the 56 groups. */
static const struct code_entry ethnicity[] = {
	{"01", "汉族", "Han", "HA", false},
	{"02", "蒙古族", "Mongol", "MG", false},
	{"03", "回族", "Hui", "HU", false},
	{"04", "藏族", "Zang", "ZA", false},
	{"05", "维吾尔族", "Uygur", "UG", false},
	{"06", "苗族", "Miao", "MH", false},
	{"07", "彝族", "Yi", "YI", false},
	{"08", "壮族", "Zhuang", "ZH", false},
	{"09", "布依族", "Buyei", "BY", false},
	{"10", "朝鲜族", "Chosen", "CS", false},
	{"11", "满族", "Man", "MA", false},
	{"12", "侗族", "Dong", "DO", false},
	{"13", "瑶族", "Yao", "YA", false},
	{"14", "白族", "Bai", "BA", false},
	{"15", "土家族", "Tujia", "TJ", false},
	{"16", "哈尼族", "Hani", "HN", false},
	{"17", "哈萨克族", "Kazak", "KZ", false},
	{"18", "傣族", "Dai", "DA", false},
	{"19", "黎族", "Li", "LI", false},
	{"20", "傈僳族", "Lisu", "LS", false},
	{"21", "佤族", "Va", "VA", false},
	{"22", "畲族", "She", "SH", false},
	{"23", "高山族", "Gaoshan", "GS", false},
	{"24", "拉祜族", "Lahu", "LH", false},
	{"25", "水族", "Sui", "SU", false},
	{"26", "东乡族", "Dongxiang", "DX", false},
	{"27", "纳西族", "Naxi", "NX", false},
	{"28", "景颇族", "Jingpo", "JP", false},
	{"29", "柯尔克孜族", "Kirgiz", "KG", false},
	{"30", "土族", "Tu", "TU", false},
	{"31", "达斡尔族", "Daur", "DU", false},
	{"32", "仫佬族", "Mulao", "ML", false},
	{"33", "羌族", "Qiang", "QI", false},
	{"34", "布朗族", "Blang", "BL", false},
	{"35", "撒拉族", "Salar", "SL", false},
	{"36", "毛南族", "Maonan", "MN", false},
	{"37", "仡佬族", "Gelao", "GL", false},
	{"38", "锡伯族", "Xibe", "XB", false},
	{"39", "阿昌族", "Achang", "AC", false},
	{"40", "普米族", "Pumi", "PM", false},
	{"41", "塔吉克族", "Tajik", "TA", false},
	{"42", "怒族", "Nu", "NU", false},
	{"43", "乌孜别克族", "Uzbek", "UZ", false},
	{"44", "俄罗斯族", "Russ", "RS", false},
	{"45", "鄂温克族", "Ewenki", "EW", false},
	{"46", "德昂族", "Deang", "DE", false},
	{"47", "保安族", "Bonan", "BN", false},
	{"48", "裕固族", "Yugur", "YG", false},
	{"49", "京族", "Gin", "GI", false},
	{"50", "塔塔尔族", "Tatar", "TT", false},
	{"51", "独龙族", "Derung", "DR", false},
	{"52", "鄂伦春族", "Oroqen", "OR", false},
	{"53", "赫哲族", "Hezhen", "HZ", false},
	{"54", "门巴族", "Monba", "MB", false},
	{"55", "珞巴族", "Lhoba", "LB", false},
	{"56", "基诺族", "Jino", "JN", false},
	{"97", "其他未识别民族", "Unidentified ethnic group", NULL, false},
	{"98", "外国血统中国籍人士", "Chinese citizen of foreign origin", NULL, false},
};

static const struct code_entry population[] = {
	{"registered", "户籍人口", "Registered resident", NULL, false},
	{"resident", "常住非户籍", "Resident, registered elsewhere", NULL, false},
	{"floating", "流动人口", "Floating population", NULL, false},
	{"foreign", "境外人员", "From outside the mainland", NULL, false},
};

static const struct code_entry relation[] = {
	{"head", "户主", "Head of household", NULL, false},
	{"spouse", "配偶", "Spouse", NULL, false},
	{"child", "子女", "Child", NULL, false},
	{"child_in_law", "儿媳/女婿", "Child's spouse", NULL, false},
	{"grandchild", "孙子女", "Grandchild", NULL, false},
	{"parent", "父母", "Parent", NULL, false},
	{"parent_in_law", "公婆/岳父母", "Parent-in-law", NULL, false},
	{"grandparent", "祖父母", "Grandparent", NULL, false},
	{"sibling", "兄弟姐妹", "Sibling", NULL, false},
	{"other", "其他", "Other", NULL, false},
};

static const struct code_entry status[] = {
	{"living", "在住", "Living here", NULL, false},
	{"moved_out", "已迁出", "Moved out", NULL, false},
	{"deceased", "已故", "Deceased", NULL, false},
};

static const struct code_entry sex[] = {
	{"male", "男", "Male", "1", false},
	{"female", "女", "Female", "2", false},
};

/* Sensitive: disability, health (illness, pregnancy, mental disorder), minimum income and
 * hardship (低保, 特困, 困难), and minors (留守儿童, 困境儿童). */
static const struct code_entry tags[] = {
	{"living_alone", "独居老人", "Elderly, living alone", NULL, false},
	{"empty_nest", "空巢老人", "Elderly, empty nest", NULL, false},
	{"advanced_age", "高龄老人", "Advanced age (80+)", NULL, false},
	{"disability", "残疾", "Disability", NULL, true},
	{"minimum_income", "低保", "Minimum income support", NULL, true},
	{"extreme_poverty", "特困", "Extreme poverty support", NULL, true},
	{"hardship", "困难群众", "In hardship", NULL, true},
	{"left_behind_child", "留守儿童", "Left-behind child", NULL, true},
	{"child_in_difficulty", "困境儿童", "Child in difficulty", NULL, true},
	{"pregnant", "孕产妇", "Pregnant or postpartum", NULL, true},
	{"serious_illness", "重病患者", "Serious illness", NULL, true},
	{"mental_disorder", "严重精神障碍", "Severe mental disorder", NULL, true},
	{"veteran", "退役军人", "Veteran", NULL, false},
	{"key_household", "重点户", "Key household", NULL, false},
};

#define LIST(name, t) {name, t, sizeof t / sizeof t[0]}
static const struct {
	const char *name;
	const struct code_entry *e;
	size_t n;
} lists[CODES__COUNT] = {
	[CODES_ETHNICITY] = LIST("ethnicity", ethnicity),
	[CODES_POPULATION] = LIST("population_type", population),
	[CODES_RELATION] = LIST("relation", relation),
	[CODES_STATUS] = LIST("resident_status", status),
	[CODES_SEX] = LIST("sex", sex),
	[CODES_TAG] = LIST("tag", tags),
};

static int list_ok(enum code_list l) { return (unsigned)l < CODES__COUNT; }

const char *codes_list_name(enum code_list l) { return list_ok(l) ? lists[l].name : NULL; }

const struct code_entry *codes_all(enum code_list l, size_t *n)
{
	*n = list_ok(l) ? lists[l].n : 0;
	return list_ok(l) ? lists[l].e : NULL;
}

const struct code_entry *codes_find(enum code_list l, const char *code)
{
	if (!list_ok(l) || !code)
		return NULL;
	for (size_t i = 0; i < lists[l].n; i++)
		if (strcmp(lists[l].e[i].code, code) == 0)
			return &lists[l].e[i];
	return NULL;
}

const struct code_entry *codes_lookup(enum code_list l, const char *s)
{
	const struct code_entry *e = codes_find(l, s);
	if (e || !list_ok(l) || !s || !*s)
		return e;
	size_t n = strlen(s);
	for (size_t i = 0; i < lists[l].n; i++) {
		e = &lists[l].e[i];
		if (strcmp(e->zh, s) == 0 || strcasecmp(e->en, s) == 0)
			return e;
		if (l != CODES_ETHNICITY)
			continue;
		if (e->std && strcasecmp(e->std, s) == 0)
			return e;
		size_t zl = strlen(e->zh);   /* 汉族 without 族 (3 bytes) */
		if (zl > 3 && strcmp(e->zh + zl - 3, "族") == 0 && n == zl - 3 &&
		    memcmp(e->zh, s, n) == 0)
			return e;
	}
	return NULL;
}

const char *codes_name(enum code_list l, const char *code, enum lang lang)
{
	const struct code_entry *e = codes_find(l, code);
	return e ? (lang == LANG_EN ? e->en : e->zh) : NULL;
}

bool codes_sensitive(enum code_list l, const char *code)
{
	const struct code_entry *e = codes_find(l, code);
	return e && e->sensitive;
}
