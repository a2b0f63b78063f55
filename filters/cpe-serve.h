/* SPDX-License-Identifier: ISC */
/*
 * cpe-serve.h: the private parts of cpe-serve shared between its files
 * (filters/cpe-serve*.c).
 */
#ifndef WIKIPIPE_CPE_SERVE_H
#define WIKIPIPE_CPE_SERVE_H
#include <stddef.h>

/* The search page GET / answers (cpe-serve-page.c): one HTML document,
 * no external assets, of serve_page_len bytes. */
extern const char serve_page[];
extern const size_t serve_page_len;

#endif
