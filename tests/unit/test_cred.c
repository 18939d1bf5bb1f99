#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scanner/cred.h"

static char path[] = "/tmp/netloom-cred-XXXXXX";

static void
write_file(const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

static int
setup(void **state)
{
	int fd = mkstemp(path);

	(void)state;
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

static const char good[] =
    "<?xml version=\"1.0\"?>\n"
    "<credentials>\n"
    "  <snmp name=\"lab\" version=\"2c\"><community>s3cret-comm</community>\n"
    "    <match address=\"127.0.0.0/8\"/></snmp>\n"
    "  <snmp name=\"old\" version=\"1\"><community>public</community></snmp>\n"
    "  <snmp name=\"core\" version=\"3\"><user>netloom</user>\n"
    "    <auth protocol=\"SHA-256\">authpass123</auth><priv protocol=\"AES-256\">privpass123</priv>\n"
    "  </snmp>\n"
    "  <ssh name=\"ios\" port=\"2222\"><user>admin</user><password>pw</password>\n"
    "    <enable>en</enable><match platform=\"cisco-ios\" address=\"10.0.0.1-20\"/></ssh>\n"
    "  <ssh name=\"lnx\"><user>root</user><key file=\"/etc/k\"/></ssh>\n"
    "  <ssh name=\"agent\"><user>ops</user><agent/></ssh>\n"
    "</credentials>\n";

static struct sockaddr_in
v4(const char *s)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	inet_pton(AF_INET, s, &sin.sin_addr);
	return sin;
}

static void
t_load(void **state)
{
	struct cred_file *cf = NULL;
	const struct cred *c;
	struct sockaddr_in a;
	char *cause = NULL;

	(void)state;
	write_file(good, 0600);
	if (cred_file_load(&cf, path, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(cred_count(cf), 6);
	c = cred_at(cf, 0);
	assert_int_equal(c->kind, CRED_SNMP);
	assert_string_equal(c->name, "lab");
	assert_int_equal(c->version, CRED_SNMP_V2C);
	assert_string_equal(c->community, "s3cret-comm");
	assert_int_equal(cred_at(cf, 1)->version, CRED_SNMP_V1);
	c = cred_at(cf, 2);
	assert_int_equal(c->version, CRED_SNMP_V3);
	assert_string_equal(c->user, "netloom");
	assert_int_equal(c->auth, CRED_AUTH_SHA256);
	assert_string_equal(c->authpass, "authpass123");
	assert_int_equal(c->priv, CRED_PRIV_AES256);
	assert_string_equal(cred_priv_name(c->priv), "AES-256");
	c = cred_at(cf, 3);
	assert_int_equal(c->kind, CRED_SSH);
	assert_int_equal(c->ssh_method, CRED_SSH_PASSWORD);
	assert_int_equal(c->port, 2222);
	assert_string_equal(c->enable, "en");
	assert_int_equal(cred_at(cf, 4)->ssh_method, CRED_SSH_KEY);
	assert_string_equal(cred_at(cf, 4)->keyfile, "/etc/k");
	assert_int_equal(cred_at(cf, 5)->ssh_method, CRED_SSH_AGENT);
	assert_null(cred_at(cf, 6));

	a = v4("127.1.2.3");
	assert_true(cred_applies(cf, 0, (struct sockaddr *)&a, NULL));
	a = v4("10.0.0.5");
	assert_false(cred_applies(cf, 0, (struct sockaddr *)&a, NULL));
	assert_true(cred_applies(cf, 1, (struct sockaddr *)&a, NULL));
	assert_true(cred_applies(cf, 3, (struct sockaddr *)&a, "cisco-ios"));
	assert_false(cred_applies(cf, 3, (struct sockaddr *)&a, "junos"));
	a = v4("10.0.0.21");
	assert_false(cred_applies(cf, 3, (struct sockaddr *)&a, "cisco-ios"));
	cred_file_free(&cf);
	assert_null(cf);
}

static void
t_mode_refused(void **state)
{
	struct cred_file *cf = NULL;
	char *cause = NULL;

	(void)state;
	write_file(good, 0644);
	assert_int_equal(cred_file_load(&cf, path, &cause), -1);
	assert_null(cf);
	assert_non_null(strstr(cause, "group or others"));
	assert_null(strstr(cause, "s3cret"));
	free(cause);
	cause = NULL;
	write_file(good, 0640);
	assert_int_equal(cred_file_load(&cf, path, &cause), -1);
	free(cause);
}

static void
expect_error(const char *text, const char *want_line, const char *want_what)
{
	struct cred_file *cf = NULL;
	char *cause = NULL, prefix[128];

	write_file(text, 0600);
	assert_int_equal(cred_file_load(&cf, path, &cause), -1);
	assert_null(cf);
	assert_non_null(cause);
	snprintf(prefix, sizeof prefix, "%s:%s:", path, want_line);
	if (strncmp(cause, prefix, strlen(prefix)) != 0 || strstr(cause, want_what) == NULL)
		fail_msg("cause '%s', wanted '%s ... %s'", cause, prefix, want_what);
	assert_null(strchr(cause, '\n'));
	assert_null(strstr(cause, "s3cret"));
	free(cause);
}

static void
t_errors(void **state)
{
	(void)state;
	expect_error("<credentials>\n<snmp name=\"a\" version=\"2c\">\n<community>s3cret</community>\n"
	    "</snmpx></credentials>\n", "4", "");
	expect_error("<credentials>\n<snmp name=\"a\" version=\"4\"><community>s3cret</community>"
	    "</snmp>\n</credentials>\n", "2", "version");
	expect_error("<credentials>\n\n<snmp name=\"v3\" version=\"3\"><user>u</user>"
	    "<auth protocol=\"MD5\">s3cretpass</auth></snmp></credentials>\n", "3", "protocol");
	expect_error("<credentials>\n<snmp name=\"a\" version=\"2c\"><community>s3cret</community></snmp>\n"
	    "<snmp name=\"a\" version=\"2c\"><community>x</community></snmp>\n</credentials>\n",
	    "3", "");
	expect_error("<credentials>\n<snmp name=\"a\" version=\"2c\"><community>s3cret</community>\n"
	    "<match address=\"10.0.0.300\"/></snmp></credentials>\n", "3", "10.0.0.300");
	/* External entities are neither fetched nor expanded. */
	expect_error("<?xml version=\"1.0\"?>\n<!DOCTYPE credentials [<!ENTITY x SYSTEM "
	    "\"file:///etc/passwd\">]>\n<credentials><snmp name=\"a\" version=\"2c\">"
	    "<community>&x;</community></snmp></credentials>\n", "2", "DOCTYPE");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_load),
		cmocka_unit_test(t_mode_refused),
		cmocka_unit_test(t_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
