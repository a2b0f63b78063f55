/* SPDX-License-Identifier: ISC */
/*
 * opt.h: the options every program shares, defined once.
 *
 * A program builds its getopt_long tables from COMMON_SHORTOPTS and
 * COMMON_LONGOPTS plus its own, and hands every option it does not own to
 * opt_common():
 *
 *	static const struct option longopts[] = {
 *		COMMON_LONGOPTS,
 *		{"limit", required_argument, NULL, 'n'},
 *		{0}
 *	};
 *	while ((c = getopt_long(argc, argv, COMMON_SHORTOPTS "n:", longopts,
 *	    NULL)) != -1) {
 *		switch (c) {
 *		case 'n': ...; break;
 *		default: opt_common(c, optarg, &co, usage);
 *		}
 *	}
 *
 * Shared options: -f/--force (binary to a terminal), -h/--help,
 * -o/--output FILE, -q/--quiet, -u/--unbuffered, -V/--version,
 * -v/--verbose (repeatable), -z/--nul (COBS+NUL framing in and out),
 * --max-record SIZE (reader cap, default 64M), --stats FILE (JSON figures).
 * Filters (records in and out) add FILTER_LONGOPTS: --nul-in and --nul-out,
 * -z for one side only (a stage beside a GNU parallel fan-out reads or
 * writes the NUL framing; every other pipe carries plain records).
 */
#ifndef WIKIPIPE_OPT_H
#define WIKIPIPE_OPT_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

#include "suite.h"

/* Long-only option values start above any character. */
enum {
	OPT_MAX_RECORD = 0x1000,
	OPT_STATS,
	OPT_NUL_IN,
	OPT_NUL_OUT,
	OPT_FIRST_PRIVATE = 0x1100	/* programs number their own from here */
};

#define COMMON_SHORTOPTS ":fho:quVvz"
#define COMMON_LONGOPTS \
	{"force", no_argument, NULL, 'f'}, \
	{"help", no_argument, NULL, 'h'}, \
	{"max-record", required_argument, NULL, OPT_MAX_RECORD}, \
	{"nul", no_argument, NULL, 'z'}, \
	{"output", required_argument, NULL, 'o'}, \
	{"quiet", no_argument, NULL, 'q'}, \
	{"stats", required_argument, NULL, OPT_STATS}, \
	{"unbuffered", no_argument, NULL, 'u'}, \
	{"verbose", no_argument, NULL, 'v'}, \
	{"version", no_argument, NULL, 'V'}

/* The usage lines of the shared options, for usage() texts. */
#define COMMON_USAGE \
	"  -f, --force          write binary records even to a terminal\n" \
	"  -h, --help           print this help and exit\n" \
	"      --max-record SIZE  refuse input records larger than SIZE (64M)\n" \
	"  -o, --output FILE    write to FILE (atomically) instead of stdout\n" \
	"  -q, --quiet          print errors only\n" \
	"      --stats FILE     write run figures as JSON to FILE\n" \
	"  -u, --unbuffered     flush after every record\n" \
	"  -V, --version        print the version and exit\n" \
	"  -v, --verbose        say more (repeatable)\n" \
	"  -z, --nul            read and write COBS+NUL framed records\n"

/* The framing of one side only, for programs that read and write records. */
#define FILTER_LONGOPTS \
	{"nul-in", no_argument, NULL, OPT_NUL_IN}, \
	{"nul-out", no_argument, NULL, OPT_NUL_OUT}
#define FILTER_USAGE \
	"      --nul-in         read COBS+NUL framed records (write plain)\n" \
	"      --nul-out        write COBS+NUL framed records (read plain)\n"

/* Bits of common_opts.nul. */
enum { NUL_IN = 1, NUL_OUT = 2 };

/* The state the shared options set. */
struct common_opts {
	const char *output;	/* -o FILE, NULL for stdout */
	const char *stats;	/* --stats FILE, NULL for none */
	size_t max_record;	/* --max-record, bytes */
	int force;		/* -f */
	int unbuffered;		/* -u */
	int nul;		/* NUL_IN | NUL_OUT: -z sets both */
};

/* opt_init: fill co with the defaults (max_record 64 MiB, the rest off). */
void opt_init(struct common_opts *co);

/*
 * opt_common: handle one shared option c (as returned by getopt_long with
 * COMMON_SHORTOPTS, which starts with ':' so a missing argument is ':').
 * -h calls usage(stdout, 0); -V prints "NAME VERSION" and exits 0; an
 * unknown option or a missing argument prints a one-line reason and calls
 * usage(stderr, EXIT_USAGE).  usage must not return.
 */
void opt_common(int c, const char *arg, struct common_opts *co,
    void (*usage)(FILE *, int));

/* One word a keyword option takes, and what it stands for.  A table of them
 * ends with an entry whose name is NULL; two names may share a value. */
struct opt_word {
	const char *name;
	int value;
};

/* opt_word_find: the entry of words named s, NULL when there is none. */
const struct opt_word *opt_word_find(const struct opt_word *words,
    const char *s);

/*
 * opt_keyword: the value of the word arg in words, for the option (or
 * environment variable) opt, as the user spells it ("--headings").  Any
 * other arg prints "OPT: want A, B or C, not "ARG"" and calls
 * usage(stderr, EXIT_USAGE), which must not return.
 */
int opt_keyword(const char *arg, const char *opt,
    const struct opt_word *words, void (*usage)(FILE *, int));

/*
 * opt_refuse_tty_stdin: when a filter got no file operand and stdin is a
 * terminal, call usage(stderr, EXIT_USAGE) instead of hanging.
 */
void opt_refuse_tty_stdin(int noperands, void (*usage)(FILE *, int));

#endif
