/* schema: the store's SQL schema as an ordered list of forward migrations. */
#ifndef NETLOOM_SCHEMA_H
#define NETLOOM_SCHEMA_H

/* Migration i (0-based) takes a database from user_version i to i + 1. */
int		 schema_latest(void);
const char	*schema_migration(int from_version);

#endif
