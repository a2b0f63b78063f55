/* SPDX-License-Identifier: ISC */
/*
 * icu-seg: ICU's sentence and word segmentation of UTF-8 texts, the
 * reference that bench/sentences.sh and the tests beside it measure
 * wikipipe's sentences and word counts against.  Built by make as
 * build/tools/icu-seg; never installed.
 *
 *   icu-seg [-z] sentences [LOCALE]
 *	Each input text (one a line; with -z, NUL-terminated) is cut by
 *	ICU's sentence BreakIterator; every segment is written verbatim
 *	(its trailing white space included), followed by a newline (-z:
 *	NUL), and each text ends with an empty segment: an empty line
 *	(-z: a lone NUL).  A segment is never empty, so the empty one marks
 *	the end of a text unambiguously.
 *
 *   icu-seg [-z] words [LOCALE]
 *	For each input text, one line with the number of words as ICU's
 *	word BreakIterator counts them: the segments whose rule status is
 *	at least UBRK_WORD_NONE_LIMIT (letters, numbers, kana, ideographs;
 *	not spaces nor punctuation).  Text without spaces (Chinese,
 *	Japanese, Thai ...) is segmented with ICU's dictionaries.
 *
 * LOCALE is an ICU locale ID ("en", "ja", "hy"); the default is the root
 * locale's language-neutral rules.  The text is read through a UTF-8
 * UText, so boundaries are byte offsets of the input and segments are
 * exact slices of it; an ill-formed byte is taken as U+FFFD and copied
 * through unchanged.  Exit status: 0, 2 usage, 3 I/O or ICU failure.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uclean.h>
#include <unicode/utext.h>

#include "common/log.h"

enum mode { SENTENCES, WORDS };

struct opts {
	enum mode mode;		/* what to print */
	const char *locale;	/* ICU locale ID, "" for root */
	int sep;		/* '\n' or, with -z, '\0' */
};

static void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: icu-seg [-hz] sentences|words [LOCALE]\n"
	    "  ICU's sentence segments, or word counts, of UTF-8 texts.\n"
	    "  sentences  write each text's segments, one a line, then an "
	    "empty line\n"
	    "  words      write each text's number of words (ICU word "
	    "break rules)\n"
	    "  -z, --nul  texts and segments are NUL-terminated, not "
	    "lines\n"
	    "  -h, --help print this help and exit\n");
	exit(status);
}

static void
put(const char *s, size_t n, FILE *out)
{
	if (n > 0 && fwrite(s, 1, n, out) != n)
		die(EXIT_IO, "write:");
}

/* One text: its segments or its word count on out. */
static void
segment(const struct opts *o, UBreakIterator *bi, UText **ut,
    const char *text, size_t len, FILE *out)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t a, b;
	long words = 0;
	char sep = (char)o->sep;

	*ut = utext_openUTF8(*ut, text, (int64_t)len, &st);
	if (U_FAILURE(st))
		die(EXIT_IO, "utext_openUTF8: %s", u_errorName(st));
	ubrk_setUText(bi, *ut, &st);
	if (U_FAILURE(st))
		die(EXIT_IO, "ubrk_setUText: %s", u_errorName(st));
	a = ubrk_first(bi);
	while ((b = ubrk_next(bi)) != UBRK_DONE) {
		if (o->mode == SENTENCES) {
			put(text + a, (size_t)(b - a), out);
			put(&sep, 1, out);
		} else if (ubrk_getRuleStatus(bi) >= UBRK_WORD_NONE_LIMIT)
			words++;
		a = b;
	}
	if (o->mode == SENTENCES)
		put(&sep, 1, out);
	else if (fprintf(out, "%ld%c", words, sep) < 0)
		die(EXIT_IO, "write:");
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "nul", no_argument, NULL, 'z' },
		{ NULL, 0, NULL, 0 }
	};
	struct opts o = { SENTENCES, "", '\n' };
	UErrorCode st = U_ZERO_ERROR;
	UBreakIterator *bi;
	UText *ut = NULL;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int c;

	log_init(argv[0]);
	while ((c = getopt_long(argc, argv, "hz", longopts, NULL)) != -1) {
		switch (c) {
		case 'h': usage(stdout, EXIT_OK); break;
		case 'z': o.sep = '\0'; break;
		default: usage(stderr, EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1 || argc > 2) {
		error("expected a mode and at most one locale");
		usage(stderr, EXIT_USAGE);
	}
	if (strcmp(argv[0], "sentences") == 0)
		o.mode = SENTENCES;
	else if (strcmp(argv[0], "words") == 0)
		o.mode = WORDS;
	else {
		error("unknown mode '%s' (sentences or words)", argv[0]);
		usage(stderr, EXIT_USAGE);
	}
	if (argc == 2)
		o.locale = argv[1];

	bi = ubrk_open(o.mode == SENTENCES ? UBRK_SENTENCE : UBRK_WORD,
	    o.locale, NULL, 0, &st);
	if (U_FAILURE(st))
		die(EXIT_IO, "ubrk_open %s: %s", o.locale, u_errorName(st));
	while ((n = getdelim(&line, &cap, o.sep, stdin)) > 0) {
		if (line[n - 1] == o.sep)
			n--;
		segment(&o, bi, &ut, line, (size_t)n, stdout);
	}
	if (ferror(stdin))
		die(EXIT_IO, "<stdin>: read:");
	free(line);
	utext_close(ut);
	ubrk_close(bi);
	u_cleanup();
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0)
		die(EXIT_IO, "<stdout>: write:");
	return EXIT_OK;
}
