/* SPDX-License-Identifier: ISC */
/*
 * test_opt: the keyword tables of common/opt.c: opt_word_find, and
 * opt_keyword's value for a word and its message for anything else.
 */
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "common/opt.h"
#include "unit.h"

static const struct opt_word three[] = {
	{"auto", 7}, {"guess", 8}, {"none", 9}, {NULL, 0}
};
static const struct opt_word two[] = { {"plain", 0}, {"nul", 1}, {NULL, 0} };
static const struct opt_word alias[] = {
	{"fused", 0}, {"concept", 1}, {"fused_vec", 0}, {NULL, 0}
};

static jmp_buf back;
static int usage_status = -1;

static void
usage(FILE *fp, int status)
{
	(void)fp;
	usage_status = status;
	longjmp(back, 1);
}

/* refused: the message opt_keyword prints for arg, into msg. */
static int
refused(const char *arg, const char *opt, const struct opt_word *w,
    char *msg, size_t n)
{
	FILE *tf = tmpfile();
	int fd = dup(STDERR_FILENO), got = 0;
	size_t len;

	fflush(stderr);
	dup2(fileno(tf), STDERR_FILENO);
	usage_status = -1;
	if (setjmp(back) == 0)
		opt_keyword(arg, opt, w, usage);
	else
		got = 1;
	fflush(stderr);
	dup2(fd, STDERR_FILENO);
	close(fd);
	rewind(tf);
	len = fread(msg, 1, n - 1, tf);
	msg[len] = '\0';
	fclose(tf);
	return got;
}

int
main(void)
{
	char msg[512];

	log_init("test_opt");
	CHECK(opt_word_find(three, "guess") == &three[1]);
	CHECK(opt_word_find(three, "Guess") == NULL);
	CHECK(opt_word_find(three, "") == NULL);
	CHECK(opt_keyword("none", "--headings", three, usage) == 9);
	CHECK(opt_keyword("fused_vec", "--vector", alias, usage) == 0);
	CHECK(opt_keyword("concept", "--vector", alias, usage) == 1);

	CHECK(refused("sometimes", "--headings", three, msg, sizeof msg));
	CHECK(usage_status == EXIT_USAGE);
	CHECK(strcmp(msg, "test_opt: --headings: want auto, guess or none, "
	    "not \"sometimes\"\n") == 0);
	CHECK(refused("zero", "--to", two, msg, sizeof msg));
	CHECK(strcmp(msg, "test_opt: --to: want plain or nul, not \"zero\"\n")
	    == 0);
	CHECK(refused("", "WIKIPIPE_LLM_API", alias, msg, sizeof msg));
	CHECK(strcmp(msg, "test_opt: WIKIPIPE_LLM_API: want fused, concept or "
	    "fused_vec, not \"\"\n") == 0);
	return UNIT_DONE("test_opt");
}
