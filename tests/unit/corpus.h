/* corpus: where unit tests find the public test corpus: $NETLOOM_CORPUS (tests/run.sh
 * resolves it once for every suite), else the shared folder next to the checkout. */
#ifndef NETLOOM_TEST_CORPUS_H
#define NETLOOM_TEST_CORPUS_H

#include <stdio.h>
#include <stdlib.h>

static inline const char *
corpus_dir(void)
{
	static char dir[512];
	const char *c = getenv("NETLOOM_CORPUS"), *top = getenv("NETLOOM_TOP");

	if (c != NULL && *c != '\0')
		return c;
	snprintf(dir, sizeof dir, "%s/../shared/corpus", top != NULL ? top : ".");
	return dir;
}

#endif
