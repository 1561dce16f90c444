/* SPDX-License-Identifier: MIT */
/*
 * JUnit XML checked against Jenkins' schema (tests/fixtures/junit/junit-10.xsd) with
 * xmllint (Debian's libxml2-utils), for the tests of every JUnit writer: `run --junit`
 * (test_report_junit.c) and `compare --junit` (test_compare.c).  Include after cmocka.h.
 * The unit tests run from the project root (tests/unit/run.sh under make).
 */
#ifndef LB_TESTS_JUNIT_SCHEMA_H
#define LB_TESTS_JUNIT_SCHEMA_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static inline void junit_schema_valid(const char *text)
{
	char path[] = "/tmp/lb-junit-XXXXXX";
	char cmd[256], out[4096] = "";
	int fd = mkstemp(path);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd),
		 "xmllint --noout --schema tests/fixtures/junit/junit-10.xsd %s 2>&1", path);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	int rc = pclose(p);
	unlink(path);
	if (rc != 0)
		fail_msg("xmllint rejects the JUnit text (status %d):\n%s\n--- text:\n%s", rc, out,
			 text);
}

#endif
