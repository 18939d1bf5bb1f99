/* oui: the vendor of a MAC address from the IEEE registry (MA-L, 24-bit prefixes) as
 * Debian's ieee-data package ships it. A missing table is not an error: every vendor is
 * then unknown. */
#ifndef NETLOOM_OUI_H
#define NETLOOM_OUI_H

#include <stddef.h>
#include <stdint.h>

struct oui;

#define OUI_DEFAULT_CSV	"/usr/share/ieee-data/oui.csv"
#define OUI_DEFAULT_TXT	"/usr/share/ieee-data/oui.txt"
#define OUI_NAME_MAX	64	/* longest vendor name kept */

/* Loads path (oui.csv or oui.txt format, told apart by content); path NULL tries the
 * default files and yields an empty table when none exists. A named file that cannot
 * be read fails with a cause. */
int		 oui_load(struct oui **op, const char *path, char **cause);
void		 oui_free(struct oui **op);
size_t		 oui_count(const struct oui *o);
/* The registered organisation of mac's prefix, or NULL (unknown, or a locally
 * administered address, which no vendor owns). Borrowed from the table. */
const char	*oui_lookup(const struct oui *o, const uint8_t mac[6]);

#endif
