/* assets_licence: the licence and people subcommands of `netloom assets` (licence,
 * licences, owner), and the helpers they share with cli/cmd_assets.c. */
#ifndef NETLOOM_ASSETS_LICENCE_H
#define NETLOOM_ASSETS_LICENCE_H

#include "common/buf.h"
#include "inventory/asset.h"
#include "inventory/store.h"

/* Prints people's text, never a control character; width > 0 pads or cuts. */
void	assets_put_text(const char *s, int width);
/* Prints one asset or licence history line; an asset_change_cb. */
int	assets_print_change(const struct asset_change *c, void *arg);
/* Reads a whole file ("-": stdin) into b (capped at 256 MiB). */
int	assets_read_whole(const char *path, struct buf *b, char **cause);

/* Whether `assets licence SUB` writes to the store. */
int	assets_licence_writes(const char *sub);
/* argv[0] is the subcommand word (licence, licences, owner); EXIT_* codes. */
int	assets_licence(struct store *st, int argc, char **argv, char **cause);
int	assets_licences(struct store *st, int argc, char **argv, char **cause);
int	assets_owner(struct store *st, int argc, char **argv, char **cause);

#endif
