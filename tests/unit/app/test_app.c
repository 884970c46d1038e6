/* The list of features: every feature's field messages register (both languages, no key
 * defined twice, by base or by two features), each feature is listed once under its folder's
 * name, every migration lives in a folder of a feature or of the frame, and the jobs of all
 * features are gathered with unique names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "app/app.h"
#include "jobs/jobs.h"
#include "store/migrations.h"

static void test_features(void **state)
{
	(void)state;
	assert_int_equal(app_init(), 0);
	assert_int_equal(app_init(), 0);   /* once is enough; again changes nothing */
	int n = 0;
	for (const struct feature *const *f = app_features; *f; f++, n++) {
		assert_non_null((*f)->name);
		assert_ptr_equal(app_feature((*f)->name), *f);   /* listed once */
		char dir[160];
		struct stat sb;
		snprintf(dir, sizeof dir, "src/%s", (*f)->name);   /* its folder */
		assert_int_equal(stat(dir, &sb), 0);
		for (const struct err_msg *m = (*f)->messages; m && m->key; m++) {
			char zh[256], en[256];
			err_field_message(m->key, 3, LANG_ZH, zh, sizeof zh);
			err_field_message(m->key, 3, LANG_EN, en, sizeof en);
			assert_string_not_equal(zh, m->key);
			assert_string_not_equal(en, m->key);
		}
	}
	assert_true(n >= 3);
	assert_null(app_feature("no_such_feature"));

	static const char *const frame[] = {"jobs", "store", NULL};   /* folders that are no feature */
	for (int i = 0; i < migrations_count; i++) {
		int ok = app_feature(migrations[i].feature) != NULL;
		for (int j = 0; frame[j]; j++)
			ok |= strcmp(migrations[i].feature, frame[j]) == 0;
		if (!ok)
			fail_msg("migration %lld lives in src/%s, which is not listed in src/app/app.c",
				 (long long)migrations[i].version, migrations[i].feature);
	}

	int nj;
	const struct job *jobs = app_jobs(&nj);
	int want = 0;
	for (const struct feature *const *f = app_features; *f; f++)
		want += (*f)->njobs;
	assert_int_equal(nj, want);
	for (int i = 0; i < nj; i++)
		for (int j = 0; j < i; j++)
			assert_string_not_equal(jobs[i].name, jobs[j].name);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_features)};
	return cmocka_run_group_tests_name("app", tests, NULL, NULL);
}
