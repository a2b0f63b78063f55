/* SPDX-License-Identifier: ISC */
/* cpe-search-faiss.cpp: the FAISS shim, compiled into cpe-search. */
#include "faiss-shim.hpp"
