/* SPDX-License-Identifier: ISC */
/*
 * sentence.c: paragraphs, marked headings and sentences (see sentence.h).
 *
 * The sentence splitter is a small rule set rather than a trained model:
 * it has to be fast (tens of MB/s), deterministic, and explainable in a man
 * page.  Its rules and their order are documented in sentence.h; the
 * labelled set tests/data/sentences.txt measures them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "mp.h"
#include "record.h"
#include "sentence.h"
#include "uni.h"
#include "utf8.h"
#include "util.h"

void
spans_add(struct spans *s, size_t b, size_t e)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->v = erealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n].b = b;
	s->v[s->n].e = e;
	s->n++;
}

void
spans_free(struct spans *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}

/* ---- code points ---- */

/* Decode the code point at t[i] (n bytes in all); *adv gets its length.
 * Invalid bytes decode as U+FFFD, one byte long. */
static unsigned long
dec(const unsigned char *t, size_t n, size_t i, size_t *adv)
{
	return utf8_decode(t + i, n - i, adv);
}

/*
 * The character classes.  ASCII is answered here; every other code point
 * from the Unicode data (uni.h), never from a hand-picked list.
 */
static int
is_space(unsigned long c)
{
	if (c < 0x80)
		return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f' || c == '\v';
	return uni_space((uint32_t)c);
}

static int
is_digit(unsigned long c)
{
	if (c < 0x80)
		return c >= '0' && c <= '9';
	return uni_digit((uint32_t)c);
}

static int
is_upper(unsigned long c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z';
	return uni_upper((uint32_t)c);
}

static int
is_lower(unsigned long c)
{
	if (c < 0x80)
		return c >= 'a' && c <= 'z';
	return uni_lower((uint32_t)c);
}

/* A letter of a script without case (CJK, Arabic, Hebrew, Indic, ...):
 * such a word may start a sentence. */
static int
is_caseless(unsigned long c)
{
	return c >= 0x80 && uni_caseless((uint32_t)c);
}

/* The terminals the English rules judge: . ! ? and the ellipsis, and the
 * doubled marks of Latin text. */
static int
is_terminal(unsigned long c)
{
	return c == '.' || c == '!' || c == '?' || c == 0x2026 ||
	    c == 0x203c || (c >= 0x2047 && c <= 0x2049);
}

/* Every other Sentence_Terminal (the danda, the Arabic, Armenian,
 * Ethiopic and CJK full stops, ...): a sentence ends after it. */
static int
is_uni_terminal(unsigned long c)
{
	return c >= 0x80 && !is_terminal(c) && uni_sterm((uint32_t)c);
}

static int
is_closer(unsigned long c)
{
	if (c < 0x80)
		return c == '"' || c == '\'' || c == ')' || c == ']' ||
		    c == '}';
	return uni_closer((uint32_t)c);
}

static int
is_opener(unsigned long c)
{
	if (c < 0x80)
		return c == '"' || c == '\'' || c == '(' || c == '[' ||
		    c == '{';
	return c == 0xbf || c == 0xa1 || uni_opener((uint32_t)c);
}

/* ---- paragraphs and headings ---- */

/* Is t[b..e) white space only? */
static int
blank(const char *t, size_t b, size_t e)
{
	for (; b < e; b++)
		if (t[b] != ' ' && t[b] != '\t' && t[b] != '\r' &&
		    t[b] != '\f' && t[b] != '\v')
			return 0;
	return 1;
}

static void
trim(const char *t, size_t *b, size_t *e)
{
	const unsigned char *u = (const unsigned char *)t;
	size_t adv;

	while (*b < *e && is_space(dec(u, *e, *b, &adv)))
		*b += adv;
	while (*e > *b) {
		size_t k = *e - 1;

		while (k > *b && (u[k] & 0xc0) == 0x80)
			k--;
		if (!is_space(dec(u, *e, k, &adv)))
			break;
		*e = k;
	}
}

void
para_split(const char *t, size_t n, struct spans *out)
{
	size_t i = 0, ls, le, pb = 0;
	int inpara = 0;

	out->n = 0;
	while (i < n) {
		ls = i;
		le = ls;
		while (le < n && t[le] != '\n')
			le++;
		if (blank(t, ls, le)) {
			if (inpara) {
				size_t b = pb, e = ls;

				trim(t, &b, &e);
				if (b < e)
					spans_add(out, b, e);
				inpara = 0;
			}
		} else if (!inpara) {
			pb = ls;
			inpara = 1;
		}
		i = le < n ? le + 1 : n;
	}
	if (inpara) {
		size_t b = pb, e = n;

		trim(t, &b, &e);
		if (b < e)
			spans_add(out, b, e);
	}
}

int
para_heading_mark(const char *p, size_t n, size_t *tb, size_t *te)
{
	size_t a = 0, z = 0, b, e;

	if (memchr(p, '\n', n) != NULL)
		return 0;
	while (a < n && p[a] == '=')
		a++;
	while (z < n - a && p[n - 1 - z] == '=')
		z++;
	if (a < 2 || a > 6 || a != z || 2 * a >= n)
		return 0;
	b = a;
	e = n - z;
	trim(p, &b, &e);
	if (b >= e)
		return 0;
	*tb = b;
	*te = e;
	return (int)a;
}

int
para_heading_guess(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	unsigned long c;
	size_t adv, k;

	if (n == 0 || n > 80 || memchr(p, '\n', n) != NULL ||
	    text_words(p, n) > 8)
		return 0;
	c = dec(u, n, 0, &adv);
	if (!is_upper(c) && !is_digit(c) && !is_caseless(c))
		return 0;
	k = n - 1;
	while (k > 0 && (u[k] & 0xc0) == 0x80)
		k--;
	c = dec(u, n, k, &adv);
	return !(is_terminal(c) || is_uni_terminal(c) || c == ',' ||
	    c == ':' || c == ';' || c == '"' || c == 0x201d);
}

/* ---- sentences ---- */

/* Abbreviations that are (almost) never the last word of a sentence. */
static const char *const never_final[] = {
	"Adm", "Ald", "Approx", "Art", "Assn", "Assoc", "Blvd", "Brig",
	"Capt", "Ch", "Cmdr", "Col", "Cpl", "Dept", "Dr", "Drs", "Eq",
	"Fig", "Figs", "Fr", "Gen", "Gov", "Hon", "Ibid", "Insp", "Lt",
	"Maj", "Messrs", "Mlle", "Mme", "Mmes", "Mr", "Mrs", "Ms", "Msgr",
	"Mx", "No", "Nos", "Op", "Pp", "Pres", "Prof", "Pte", "Pvt", "Rep",
	"Rev", "Rt", "Sen", "Sgt", "Supt", "Univ", "Vol", "Vols", "Wm",
	"al", "approx", "art", "b", "c", "ca", "cf", "ch", "chap", "cit",
	"d", "e.g", "ed", "eds", "eq", "esp", "f", "ff", "fig", "figs", "fl",
	"i.e",
	"ibid", "incl", "lit", "nr", "no", "nos", "op", "p", "pp", "r",
	"sec", "trans", "viz", "vol", "vols", "vs", NULL
};

/* Abbreviations that may end a sentence: a boundary only when the next
 * word is a common sentence opener. */
static const char *const maybe_final[] = {
	"Ave", "Bros", "Co", "Corp", "Inc", "Jr", "Ltd", "Mt", "Ft", "Rd",
	"Sr", "St", "etc", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
	"Sep", "Sept", "Oct", "Nov", "Dec", "ft", "mi", "oz", "lb", "lbs",
	NULL
};

/* Words that often open a sentence in encyclopaedic English. */
static const char *const openers[] = {
	"A", "According", "After", "Afterwards", "Also", "Although", "An",
	"And", "Another", "As", "At", "Because", "Before", "Both", "But",
	"By", "Despite", "During", "Each", "Eventually", "For", "From",
	"He", "Her", "Here", "His", "However", "I", "If", "In", "It", "Its",
	"Later", "Many", "Meanwhile", "Most", "Nevertheless", "No", "Now",
	"On", "One", "Other", "Our", "She", "Several", "Since", "So", "Some",
	"Such", "That", "The", "Their", "Then", "There", "These", "They",
	"This", "Those", "Thus", "To", "Today", "Under", "We", "What",
	"When", "Where", "While", "Who", "With", "Yet", "You", NULL
};

static int
in_list(const char *const *list, const char *w, size_t n)
{
	for (; *list != NULL; list++)
		if (str_is(*list, w, n))
			return 1;
	return 0;
}

static int
ascii_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Is the word at t[m..n) (after any opening quotes) a sentence opener? */
static int
opener_word(const char *t, size_t n, size_t m)
{
	const unsigned char *u = (const unsigned char *)t;
	size_t adv, e;

	while (m < n && is_opener(dec(u, n, m, &adv)))
		m += adv;
	for (e = m; e < n && ascii_alpha(u[e]); e++)
		;
	if (e < n && ((u[e] & 0x80) || u[e] == '.'))
		return 0;	/* "A." is an initial, "Ab\xc3..." a name */
	return in_list(openers, t + m, e - m);
}

/* Does t[m..n) start like a sentence: a capital, a digit, a letter that
 * takes no capital, or an opening quote or bracket before one of those? */
static int
starts_sentence(const unsigned char *u, size_t n, size_t m)
{
	unsigned long c, d;
	size_t adv, q;

	c = dec(u, n, m, &adv);
	if (is_opener(c) && m + adv < n) {
		d = dec(u, n, m + adv, &q);
		return is_upper(d) || is_digit(d) || is_caseless(d);
	}
	return is_upper(c) || is_digit(c) || is_caseless(c);
}

/*
 * May a sentence end at the terminal run t[i..j) with closers up to k,
 * given that the next sentence would start at m (not white space)?
 */
static int
boundary(const char *t, size_t n, size_t i, size_t j, size_t k, size_t m)
{
	const unsigned char *u = (const unsigned char *)t;
	unsigned long c;
	size_t adv, wb, q;
	int dots = 0, bang = 0, ell = 0, letters = 0, inner = 0, upper = 0;

	if (!starts_sentence(u, n, m))
		return 0;
	for (q = i; q < j; q += adv) {
		c = dec(u, n, q, &adv);
		if (c == '.')
			dots++;
		else if (c == 0x2026)
			ell = 1;
		else
			bang = 1;
	}
	if (bang)
		return 1;
	if (ell || dots >= 3)
		return 1;
	if (k > j)		/* ." or .) : a quotation or aside ended */
		return 1;
	/* One full stop: look at the word before it. */
	wb = i;
	while (wb > 0 && (ascii_alpha(u[wb - 1]) || is_digit(u[wb - 1]) ||
	    u[wb - 1] == '.' || (u[wb - 1] & 0x80))) {
		if (u[wb - 1] & 0x80) {
			/* Only letters, not punctuation, outside ASCII. */
			size_t s = wb - 1;

			while (s > 0 && (u[s] & 0xc0) == 0x80)
				s--;
			c = dec(u, n, s, &adv);
			if (!is_upper(c) && !is_lower(c) && !is_caseless(c))
				break;
			wb = s;
			letters++;
			upper = is_upper(c);
			continue;
		}
		if (u[wb - 1] == '.')
			inner = 1;
		else if (ascii_alpha(u[wb - 1])) {
			letters++;
			upper = u[wb - 1] >= 'A' && u[wb - 1] <= 'Z';
		}
		wb--;
	}
	while (wb < i && u[wb] == '.')	/* "...Dr" keeps only "Dr" */
		wb++;
	if (wb == i)
		return 1;
	if (in_list(never_final, t + wb, i - wb))
		return 0;
	if (in_list(maybe_final, t + wb, i - wb))
		return opener_word(t, n, m);
	/* Initials (J. R. R. Tolkien, George W. Bush) and dotted
	 * abbreviations (U.S., Ph.D., a.m.). */
	if ((letters == 1 && upper) || inner)
		return opener_word(t, n, m);
	return 1;
}

/* Emit t[b..e) trimmed, if anything is left. */
static void
emit(const char *t, size_t b, size_t e, size_t base, struct spans *out)
{
	trim(t, &b, &e);
	if (b < e)
		spans_add(out, base + b, base + e);
}

/*
 * Is the space at t[i] between two letters of a script written without
 * spaces between words (uni_complex: Thai, Lao, Khmer, Burmese)?  There a
 * space separates phrases and sentences, which have no full stop of
 * their own.  *m gets the end of the run of spaces (no line break in it).
 */
static int
complex_space(const unsigned char *u, size_t n, size_t i, size_t *m)
{
	size_t k = i - 1, adv, j;

	while (k > 0 && (u[k] & 0xc0) == 0x80)
		k--;
	if (!uni_complex(utf8_decode(u + k, n - k, &adv)))
		return 0;
	for (j = i; j < n && (u[j] == ' ' || u[j] == '\t'); j++)
		;
	if (j >= n || u[j] < 0xe0 ||
	    !uni_complex(utf8_decode(u + j, n - j, &adv)))
		return 0;
	*m = j;
	return 1;
}

/*
 * Does the ASCII colon at t[i] stand for a full stop?  Armenian (and
 * Mongolian) text is often typed with ':' for its full stop "։", which
 * Unicode's confusables data maps to the colon (uni_colon_stop).  It
 * does when a letter of such a script comes before it, and white space
 * (no blank line) and the start of a sentence after it.  *m gets where
 * the next sentence starts.
 */
static int
colon_stop(const unsigned char *u, size_t n, size_t i, size_t *m)
{
	size_t k = i - 1, adv, j;
	int nl = 0;

	while (k > 0 && (u[k] & 0xc0) == 0x80)
		k--;
	if (!uni_colon_stop(utf8_decode(u + k, n - k, &adv)))
		return 0;
	for (j = i + 1; j < n && is_space(dec(u, n, j, &adv)); j += adv)
		nl += u[j] == '\n';
	if (j == i + 1 || j >= n || nl > 1 || !starts_sentence(u, n, j))
		return 0;
	*m = j;
	return 1;
}

/* The ASCII characters a rule of sent_split starts at. */
static const unsigned char sent_ascii[128] = {
	['\n'] = 1, [' '] = 1, [':'] = 1, ['.'] = 1, ['!'] = 1, ['?'] = 1
};

void
sent_split(const char *t, size_t n, size_t base, int flags,
    struct spans *out)
{
	const unsigned char *u = (const unsigned char *)t;
	size_t i = 0, start = 0, adv, j, k, m, q;
	unsigned long c;
	int nl;

	while (i < n) {
		if (u[i] < 0x80 && !sent_ascii[u[i]]) {
			i++;	/* most of a text: no rule looks at it */
			continue;
		}
		c = dec(u, n, i, &adv);
		if (c == '\n') {
			/* A blank line, or any line break with SENT_LINES. */
			for (j = i + 1; j < n && (u[j] == ' ' || u[j] == '\t' ||
			    u[j] == '\r'); j++)
				;
			if ((flags & SENT_LINES) || j >= n || u[j] == '\n') {
				emit(t, start, i, base, out);
				start = i + 1;
			}
			i++;
			continue;
		}
		if (is_uni_terminal(c)) {
			/* The run of terminals and closing quotes or
			 * brackets after it; a sentence ends there when
			 * white space follows, or at once where a line may
			 * break after the terminal (the danda, "。"). */
			int brk = uni_break_after((uint32_t)c);

			for (k = i + adv; k < n; k += adv) {
				c = dec(u, n, k, &adv);
				if (!is_closer(c) && !is_uni_terminal(c) &&
				    !is_terminal(c))
					break;
			}
			if (k < n && !brk && !is_space(c)) {
				i = k;
				continue;
			}
			emit(t, start, k, base, out);
			start = i = k;
			continue;
		}
		if (c == ':' && i > 0 && u[i - 1] >= 0x80 &&
		    colon_stop(u, n, i, &m)) {
			emit(t, start, i + 1, base, out);
			start = i = m;
			continue;
		}
		if (c == ' ' && i > 0 && u[i - 1] >= 0x80 &&
		    complex_space(u, n, i, &m)) {
			/* Thai, Lao, ...: a space between two words of a
			 * script written without spaces between words. */
			emit(t, start, i, base, out);
			start = i = m;
			continue;
		}
		if (!is_terminal(c)) {
			i += adv;
			continue;
		}
		/* A run of terminal marks, then closing quotes/brackets (and
		 * marks after them, as in ?" or ).). */
		for (j = i; j < n && is_terminal(dec(u, n, j, &adv)); j += adv)
			;
		for (k = j; k < n; k += adv) {
			c = dec(u, n, k, &adv);
			if (!is_closer(c) && !is_terminal(c))
				break;
		}
		if (k >= n) {
			i = k;
			continue;
		}
		c = dec(u, n, k, &adv);
		if (!is_space(c)) {
			i = k > i + 1 ? k : i + 1;
			continue;
		}
		/* White space; a line break inside it is the newline rule's
		 * business. */
		nl = 0;
		for (m = k; m < n; m += q) {
			c = dec(u, n, m, &q);
			if (!is_space(c))
				break;
			if (c == '\n')
				nl++;
		}
		if (nl >= 2 || (nl && (flags & SENT_LINES))) {
			i = k;
			continue;
		}
		if (m < n && boundary(t, n, i, j, k, m)) {
			emit(t, start, k, base, out);
			start = m;
		}
		i = m;
	}
	emit(t, start, n, base, out);
}

size_t
text_words(const char *p, size_t n)
{
	return uni_words(p, n, NULL, NULL);
}

size_t
text_chars(const char *p, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)p[i] & 0xc0) != 0x80)
			c++;
	return c;
}

/* The walk of text_word_cut: the end of word k, the start of word k+1. */
struct wcut {
	size_t k, seen, end, next;
};

static int
wcut_word(void *v, size_t b, size_t e)
{
	struct wcut *w = v;

	if (w->seen++ == w->k) {
		w->next = b;
		return 1;
	}
	w->end = e;
	return 0;
}

size_t
text_word_cut(const char *p, size_t n, size_t k)
{
	const unsigned char *u = (const unsigned char *)p;
	struct wcut w = { k, 0, 0, n };
	size_t i, adv;

	if (k == 0)
		return n;	/* as before the word walk: nothing to cut */
	uni_words(p, n, wcut_word, &w);
	if (w.seen <= k)
		return n;
	/* Anything between the two words that is not white space
	 * (punctuation after a word of Chinese or Thai) stays with word k. */
	for (i = w.end; i < w.next; i += adv)
		if (is_space(dec(u, n, i, &adv)))
			return i;
	return w.next;
}

/* ---- documents ---- */

const struct opt_word segdoc_headings[] = {
	{"auto", HEADINGS_AUTO}, {"guess", HEADINGS_GUESS},
	{"none", HEADINGS_NONE}, {NULL, 0}
};

static void
add_event(struct segdoc *d, long para, int level, int heading,
    const char *title, size_t tlen)
{
	if (d->nev == d->capev) {
		d->capev = d->capev ? 2 * d->capev : 16;
		d->ev = erealloc(d->ev, d->capev * sizeof *d->ev);
	}
	d->ev[d->nev].para = para;
	d->ev[d->nev].level = level;
	d->ev[d->nev].heading = heading;
	d->ev[d->nev].title = title;
	d->ev[d->nev].tlen = tlen;
	d->nev++;
}

/* Is paragraph i of d (in t) the heading with this title? */
static int
para_is_title(const struct segdoc *d, const char *t, long i,
    const char *title, size_t tlen)
{
	const char *p;
	size_t n, tb, te;

	if (i < 0 || (size_t)i >= d->para.n)
		return 0;
	p = t + d->para.v[i].b;
	n = d->para.v[i].e - d->para.v[i].b;
	if (n == tlen && memcmp(p, title, n) == 0)
		return 1;
	return para_heading_mark(p, n, &tb, &te) && te - tb == tlen &&
	    memcmp(p + tb, title, tlen) == 0;
}

/* A small non-negative int (at most max) from a decoded value, or -1. */
static int64_t
small_int(const msgpack_object *v, int64_t max)
{
	if (v->type == MSGPACK_OBJECT_POSITIVE_INTEGER && v->via.u64 <= (uint64_t)max)
		return (int64_t)v->via.u64;
	return -1;
}

/* Read the sections key: 0, 1 if absent, -1 if ill-formed. */
static int
read_sections(struct segdoc *d, const struct rec *rec, const char *t,
    long base)
{
	const msgpack_object *o = rec == NULL ? NULL : rec_get(rec, "sections");
	uint32_t i, j;

	if (o == NULL)
		return 1;
	if (o->type != MSGPACK_OBJECT_ARRAY)
		return -1;
	for (i = 0; i < o->via.array.size; i++) {
		const msgpack_object *m = &o->via.array.ptr[i];
		int64_t para = -1, level = 2;
		const char *title = NULL;
		size_t tlen = 0;

		if (m->type != MSGPACK_OBJECT_MAP)
			return -1;
		for (j = 0; j < m->via.map.size; j++) {
			const msgpack_object *k = &m->via.map.ptr[j].key;
			const msgpack_object *v = &m->via.map.ptr[j].val;

			if (k->type != MSGPACK_OBJECT_STR)
				continue;
			if (k->via.str.size == 4 &&
			    memcmp(k->via.str.ptr, "para", 4) == 0) {
				if ((para = small_int(v, INT32_MAX)) < 0)
					return -1;
			} else if (k->via.str.size == 5 &&
			    memcmp(k->via.str.ptr, "title", 5) == 0) {
				if (v->type != MSGPACK_OBJECT_STR)
					return -1;
				title = v->via.str.ptr;
				tlen = v->via.str.size;
			} else if (k->via.str.size == 5 &&
			    memcmp(k->via.str.ptr, "level", 5) == 0) {
				if ((level = small_int(v, 64)) < 0)
					return -1;
			}
		}
		if (para < 0 || title == NULL)
			return -1;
		para -= base;
		if (para_is_title(d, t, (long)para, title, tlen)) {
			d->head[para] = 1;
			add_event(d, (long)para, (int)level, 1, title, tlen);
		} else if (para_is_title(d, t, (long)para - 1, title, tlen) &&
		    !d->head[para - 1]) {
			d->head[para - 1] = 1;
			add_event(d, (long)para - 1, (int)level, 1, title,
			    tlen);
		} else {
			add_event(d, (long)para, (int)level, 0, title, tlen);
		}
	}
	return 0;
}

int
segdoc_parse(struct segdoc *d, const struct rec *rec, const char *t,
    size_t n, long para_base, int mode, const char **why)
{
	size_t i, tb, te;
	int lv, r;

	para_split(t, n, &d->para);
	d->nev = 0;
	if (d->para.n + 1 > d->headcap) {
		d->headcap = 2 * d->para.n + 16;
		d->head = erealloc(d->head, d->headcap);
	}
	memset(d->head, 0, d->para.n + 1);
	if (mode == HEADINGS_NONE)
		return 0;
	r = read_sections(d, rec, t, para_base);
	if (r < 0) {
		*why = "expected an array of maps with para (int >= 0), "
		    "title (str) and level (int)";
		return -1;
	}
	if (r == 0) {
		/* Sort by paragraph, keeping the key's order among equals
		 * (insertion sort: the list is short and nearly sorted). */
		for (i = 1; i < d->nev; i++) {
			struct sec_event e = d->ev[i];
			size_t j = i;

			while (j > 0 && d->ev[j - 1].para > e.para) {
				d->ev[j] = d->ev[j - 1];
				j--;
			}
			d->ev[j] = e;
		}
		return 0;
	}
	for (i = 0; i < d->para.n; i++) {
		const char *p = t + d->para.v[i].b;
		size_t pn = d->para.v[i].e - d->para.v[i].b;

		if ((lv = para_heading_mark(p, pn, &tb, &te)) > 0) {
			d->head[i] = 1;
			add_event(d, (long)i, lv, 1, p + tb, te - tb);
		} else if (mode == HEADINGS_GUESS &&
		    para_heading_guess(p, pn)) {
			d->head[i] = 1;
			add_event(d, (long)i, 2, 1, p, pn);
		}
	}
	return 0;
}

void
segdoc_free(struct segdoc *d)
{
	spans_free(&d->para);
	free(d->head);
	free(d->ev);
	memset(d, 0, sizeof *d);
}

static void
secpath_build(struct secpath *p)
{
	size_t need = 1, i;

	for (i = 0; i < SECPATH_LEVELS; i++)
		need += p->tlen[i] + 3;
	if (need > p->cap) {
		p->cap = need;
		p->str = erealloc(p->str, p->cap);
	}
	p->len = 0;
	for (i = 0; i < SECPATH_LEVELS; i++) {
		if (p->title[i] == NULL)
			continue;
		if (p->len) {
			memcpy(p->str + p->len, " > ", 3);
			p->len += 3;
		}
		memcpy(p->str + p->len, p->title[i], p->tlen[i]);
		p->len += p->tlen[i];
	}
	p->str[p->len] = '\0';
}

void
secpath_reset(struct secpath *p)
{
	memset(p->title, 0, sizeof p->title);
	memset(p->tlen, 0, sizeof p->tlen);
	secpath_build(p);
}

void
secpath_enter(struct secpath *p, int level, const char *title, size_t tlen)
{
	int i;

	if (level < 1)
		level = 1;
	if (level > SECPATH_LEVELS)
		level = SECPATH_LEVELS;
	p->title[level - 1] = title;
	p->tlen[level - 1] = tlen;
	for (i = level; i < SECPATH_LEVELS; i++) {
		p->title[i] = NULL;
		p->tlen[i] = 0;
	}
	secpath_build(p);
}

void
secpath_free(struct secpath *p)
{
	free(p->str);
	memset(p, 0, sizeof *p);
}

int
docset_add(struct docset *s, const char *id, size_t n)
{
	unsigned long long h = XXH3_64bits(id, n), *old;
	size_t i, oldcap, mask;

	if (h == 0)
		h = 1;		/* 0 marks an empty slot */
	if (2 * (s->n + 1) > s->cap) {
		old = s->slot;
		oldcap = s->cap;
		s->cap = s->cap ? 2 * s->cap : 1024;
		s->slot = ecalloc(s->cap, sizeof *s->slot);
		s->n = 0;
		for (i = 0; i < oldcap; i++)
			if (old[i] != 0) {
				size_t j = old[i] & (s->cap - 1);

				while (s->slot[j] != 0)
					j = (j + 1) & (s->cap - 1);
				s->slot[j] = old[i];
				s->n++;
			}
		free(old);
	}
	mask = s->cap - 1;
	for (i = h & mask; s->slot[i] != 0; i = (i + 1) & mask)
		if (s->slot[i] == h)
			return 0;
	s->slot[i] = h;
	s->n++;
	return 1;
}

void
docset_free(struct docset *s)
{
	free(s->slot);
	memset(s, 0, sizeof *s);
}
