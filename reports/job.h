/* job: a scheduled audit described by an XML job file (reports/job.xsd, docs/jobs.md) and
 * its runner. The runner takes a lock so that two runs of one job never overlap, then runs
 * each stage as a child process of netloom itself (fixed argv, no shell): scan (SNMP, then
 * SSH capture), asset import and reconciliation, audit, drift, reports and evidence of each
 * scan it made, then prunes old scans. A stage that crashes cannot take the runner down, and
 * every stage is the very command a person runs by hand. */
#ifndef NETLOOM_JOB_H
#define NETLOOM_JOB_H

#include <stddef.h>

#include "common/buf.h"

struct job;

/* Reads, validates (embedded reports/job.xsd; no DTD, no entities, no network) and checks
 * file; "FILE:LINE: what" on error. Relative paths become relative to file's folder. */
int	job_load(const char *file, struct job **out, char **cause);
void	job_free(struct job **j);
const char *job_name(const struct job *j);

struct job_run_opts {
	const char	*self;		/* the netloom binary to run stages with */
	const char	*db;		/* store path when the job names none */
	int		 verbose;	/* stage stdout passes through */
};

/* Runs the job. *status: 0 every stage succeeded and nothing was found, 2 they ran and
 * found non-compliance (a failed rule, a reconciliation finding, an unreachable target),
 * 1 a stage failed (the following stages are skipped). summary receives one line per
 * thing written ("report html: PATH"). -1 with a cause only when the job could not start
 * (lock held, output folder unusable). */
int	job_run(const struct job *j, const struct job_run_opts *o, int *status,
	    struct buf *summary, char **cause);

#endif
