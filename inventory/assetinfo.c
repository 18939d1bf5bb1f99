#include "inventory/assetinfo.h"

#include <stdlib.h>
#include <string.h>

void
assetinfo_clear(struct assetinfo *a)
{
	free(a->tag);
	free(a->owner);
	free(a->department);
	free(a->location);
	free(a->cost);
	free(a->warranty_end);
	free(a->support_end);
	free(a->state);
	free(a->matched_on);
	free(a->confidence);
	memset(a, 0, sizeof *a);
}
