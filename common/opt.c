/* SPDX-License-Identifier: ISC */
/*
 * opt.c: the shared options (see opt.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "opt.h"
#include "record.h"
#include "util.h"

/*
 * The argument getopt_long stopped at (argv[optind - 1]), for messages
 * about unknown long options, which leave optopt at 0.  opt_common() has no
 * argv, so on this error path only it is read back from /proc.
 */
static const char *
argv_last_opt(void)
{
	static char arg[128];
	char buf[8192];
	FILE *fp;
	size_t n, i, start = 0;
	int k = 0;

	snprintf(arg, sizeof arg, "?");
	if ((fp = fopen("/proc/self/cmdline", "r")) == NULL)
		return arg;
	n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	for (i = 0; i <= n; i++) {
		if (i == n || buf[i] == '\0') {
			if (k == optind - 1) {
				snprintf(arg, sizeof arg, "%s", buf + start);
				break;
			}
			k++;
			start = i + 1;
		}
	}
	return arg;
}

void
opt_init(struct common_opts *co)
{
	co->output = NULL;
	co->stats = NULL;
	co->max_record = REC_MAX_DEFAULT;
	co->force = co->unbuffered = co->nul = 0;
}

void
opt_common(int c, const char *arg, struct common_opts *co,
    void (*usage)(FILE *, int))
{
	switch (c) {
	case 'f':
		co->force = 1;
		break;
	case 'h':
		usage(stdout, EXIT_OK);
		break;
	case 'o':
		co->output = arg;
		break;
	case 'q':
		log_set_verbosity(0);
		break;
	case 'u':
		co->unbuffered = 1;
		break;
	case 'V':
		printf("%s %s\n", log_progname(), WIKIPIPE_VERSION);
		if (fflush(stdout) != 0 || ferror(stdout))
			die(EXIT_IO, "stdout:");
		exit(EXIT_OK);
	case 'v':
		log_set_verbosity(log_verbosity() + 1);
		break;
	case 'z':
		co->nul = NUL_IN | NUL_OUT;
		break;
	case OPT_NUL_IN:
		co->nul |= NUL_IN;
		break;
	case OPT_NUL_OUT:
		co->nul |= NUL_OUT;
		break;
	case OPT_MAX_RECORD:
		co->max_record = estrtosize(arg, 16, (size_t)1 << 40,
		    "--max-record");
		break;
	case OPT_STATS:
		co->stats = arg;
		break;
	case ':':
		if (optopt && optopt < 256)
			error("option requires an argument -- '%c'", optopt);
		else
			error("option '%s' requires an argument",
			    argv_last_opt());
		usage(stderr, EXIT_USAGE);
		break;
	default:
		if (optopt && optopt < 256)
			error("unknown option -- '%c'", optopt);
		else
			error("unknown option '%s'", argv_last_opt());
		usage(stderr, EXIT_USAGE);
	}
}

const struct opt_word *
opt_word_find(const struct opt_word *words, const char *s)
{
	for (; words->name; words++)
		if (strcmp(words->name, s) == 0)
			return words;
	return NULL;
}

int
opt_keyword(const char *arg, const char *opt, const struct opt_word *words,
    void (*usage)(FILE *, int))
{
	const struct opt_word *w = opt_word_find(words, arg);
	char list[256];
	size_t n, len = 0;

	if (w)
		return w->value;
	/* "a, b or c": a comma before every word but the first and last. */
	list[0] = '\0';
	for (n = 0; words[n].name; n++)
		;
	for (size_t i = 0; i < n && len < sizeof list; i++)
		len += snprintf(list + len, sizeof list - len, "%s%s",
		    i == 0 ? "" : i == n - 1 ? " or " : ", ", words[i].name);
	error("%s: want %s, not \"%s\"", opt, list, arg);
	usage(stderr, EXIT_USAGE);
	return -1;
}

void
opt_refuse_tty_stdin(int noperands, void (*usage)(FILE *, int))
{
	if (noperands == 0 && isatty(STDIN_FILENO)) {
		error("standard input is a terminal; give a file or a pipe");
		usage(stderr, EXIT_USAGE);
	}
}
