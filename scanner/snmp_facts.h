/* snmp_facts: turns what a device said over SNMP into a snapshot: normalised facts,
 * interfaces, addresses, LLDP/CDP neighbours and the "snmp-walk" artifact. Every value
 * is device input: strings are reduced to printable text and capped. */
#ifndef NETLOOM_SNMP_FACTS_H
#define NETLOOM_SNMP_FACTS_H

struct snapshot;
struct snmp_device;

#define SNMP_FACT_VERSION	"snmp.version"
#define SNMP_FACT_CREDENTIAL	"snmp.credential"
#define SNMP_FACT_UPTIME	"sys.uptime"	/* volatile: changes every scan */

/* Builds a new snapshot (source "snmp") for d into *snap. 0, or -1 with *cause. */
int	snmp_facts_snapshot(const struct snmp_device *d, struct snapshot **snap, char **cause);

#endif
