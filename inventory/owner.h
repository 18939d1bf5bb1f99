/* owner: everything assigned to a person or a department (assets with their linked
 * devices' current compliance, licences) and what must come back or be reassigned
 * when they leave, for `netloom assets owner`. */
#ifndef NETLOOM_OWNER_H
#define NETLOOM_OWNER_H

#include <stddef.h>
#include <stdint.h>

#include "inventory/store.h"

struct owner_device {
	int64_t		 id;
	const char	*name;
	const char	*compliance;	/* "N pass, N fail, N other" or "not audited" */
};
struct owner_item {
	int				 is_licence;
	const char			*name;		/* asset tag or licence name */
	const char			*what;		/* hostname/model, or vendor */
	const char			*state;		/* asset lifecycle state; NULL for a licence */
	const char			*owner;
	const char			*department;
	size_t				 ndevices;
	const struct owner_device	*devices;	/* linked devices (assets only) */
	const char			*action;	/* offboarding: return, reassign, or NULL */
};
typedef int (*owner_cb)(const struct owner_item *it, void *arg);
/* Assets whose owner (or department) is who, then licences whose assignee or email
 * (or department) is who; case-insensitive. Offboarding: an asset not retired,
 * disposed or lost must be returned; a licence must be reassigned. */
int	owner_each(struct store *s, const char *who, int department, owner_cb cb,
	    void *arg, char **cause);


#endif
