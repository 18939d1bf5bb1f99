/* evidence: a folder an auditor can take away and check: the rendered reports of one scan,
 * the redacted artifacts and facts behind every verdict, the exact policy and waiver files
 * each audit used (as the store recorded them), the scan log (when, from where, which
 * netloom), and a SHA256SUMS manifest `sha256sum -c` verifies, optionally signed with an
 * SSH key (`ssh-keygen -Y sign`, namespace EVIDENCE_NAMESPACE). docs/evidence.md. */
#ifndef NETLOOM_EVIDENCE_H
#define NETLOOM_EVIDENCE_H

#include <stddef.h>
#include <stdint.h>

#include "inventory/store.h"

#define EVIDENCE_NAMESPACE	"netloom-evidence"
#define EVIDENCE_JSON_VERSION	1

struct evidence_opts {
	const char	*dir;		/* created; an existing one must be empty */
	int64_t		 scan_id;	/* 0: the last scan that ended */
	const char	*sign_key;	/* SSH private key file, or NULL: no signature */
	int64_t		 now;		/* recorded as the package's creation time */
};

struct evidence_summary {
	int64_t	scan_id;
	size_t	files;		/* in the manifest */
	size_t	artifacts;
	size_t	policies;	/* policy and waiver files */
	int	signed_;
	int	failures;	/* some rule failed in the scan */
};

int	evidence_write(struct store *s, const struct evidence_opts *o,
	    struct evidence_summary *sum, char **cause);

#endif
