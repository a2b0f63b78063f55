/* SPDX-License-Identifier: ISC */
/* cpe-index-faiss.cpp: the FAISS shim, compiled into cpe-index. */
#include "faiss-shim.hpp"
