/* test_ssh_keybits: sshc_pubkey_bits() on real public keys made by ssh-keygen (sizes as
 * `ssh-keygen -l` prints them), on hostile blobs (cut, zero modulus, lengths past the end), and
 * on 20,000 mutations of the real keys (cut, bytes changed; under ASan). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "scanner/ssh_client.h"

static const struct {
	const char	*b64;
	unsigned	 bits;
} keys[] = {
	/* ssh-keygen -t rsa -b 1024, rsa -b 3072, ed25519, ecdsa -b 384, ecdsa -b 521, dsa */
	{ "AAAAB3NzaC1yc2EAAAADAQABAAAAgQDMKOFCNveBhfB+gtLGVNnschLXISyUFhqsm2T0MXQfaPR0aYbK"
	    "UqIFnc/1C4DzQSh9JpGM4PR5K8VKXBzxMXAle7Rv8YsSH6iWUkGvHhJ7Mk7Z1o8FAh0bB+nFjh/Kgl9F"
	    "wPmimpvOzYathdwTt3EEfpuVDXxzLLuEhgup6A5olQ==",
	    1024 },
	{ "AAAAB3NzaC1yc2EAAAADAQABAAABgQCnRG4hw47hkifekTg3Mz+MvRHvnEuxo71Hl7QMOD8cN+EnjuFt"
	    "sWpcMv4HWaI5na1o+FqCayI/XhNOxi9SMIMLHwEL7pGyz8Pw6QCeiCCqmgFxTIGNwR4jiTPZ++N0IN0L"
	    "ZrBbbjNEioemYxNIfSz/Df6PmFRZp2wMY8GmRwJkrQtG6EbYwrqJq5o5lCcxHW7Flqz4V9qALhkyZFAe"
	    "cag9iEdtQg4EySmgdK3Xj7wCOJWp+gXxb/vPn9XJC/tGZvRrOunYbN77PqsZ3IECqkZdigYFxD62BgYb"
	    "BuYLNVW/VRLPfDUhC/ea1+IHdHMLfPMl1LsQLj7BTttLOW8jI3dmS6660VmzVhWPDHUdDpOYznGgL5ZB"
	    "3xjo8vi/6fS+wCNsA3DE4f70GoRn5nIeLnRwxMtgaQtDXKXjGPEqiPj04HcFG4oyX3fJgK5R9ofv3He0"
	    "Cb1eDBmLZGXZbdvZkhJ+lNVg+K1IBEeU7s4uypxYwkYVS2kY+xPx/HFdO7wsfvM=",
	    3072 },
	{ "AAAAC3NzaC1lZDI1NTE5AAAAILlaRlQJdot+tG36T3DflkwLlcMi0SKYcRnMr3SUnc4h",
	    256 },
	{ "AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBHwoMwn2VENgRWN0Mn5kwopdU/fF"
	    "+QO6UgkNxutseuFBVZkJYihGEmK4q2NKXnciHc2Q7ju4DO0c40gPSDB0dqO8i9vpY3h3t/i7/WBtiD0m"
	    "0WqrgGtyIhoLw2T3jjkjiA==",
	    384 },
	{ "AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBAGXfrpjY4yRqO1/NH5t/wQzxYQs"
	    "1RMDWCxsa6AzQ2KTPEUIlIup83VrhYS2SpaaamAXjy8SHvs0D6eilH4QGb6zSwFb62dSJozjapmybtTc"
	    "OBBts7cPMgO04vQJ6PJifiPON5NlgVy3H9pQ0NGzhTnhwQQlynx8cX/+ky8bXUaoyXvPxw==",
	    521 },
	{ "AAAAB3NzaC1kc3MAAACBAK3H7q0Ze2qmXPccRz4nk6CNwD+Wizw3sOC7tmwJhUWotpgeI8Z/lC26N/fq"
	    "hsnWzRfdibW7KJgxpvsrN9szQMmXxDOuPcZITuEUETCsbNvAj1Hzm7n3ew0VA3Lw8Uk15AszFhaZnymH"
	    "2GUI+iaI+z8l1xud5ssMfBr36sis9m5rAAAAFQDR7/24oPFkXkXZtBvSUBBx7NlS4QAAAIEAg0ghLE1a"
	    "a+2WewKt/VWJSjCrECCgl/U0zrRzbWO92F9gQ5K/OcV75VlZxct+WRz7Pi/ZXzH5J1ncIB5fMFFS9MRm"
	    "w1RZJY+PzTsJfrzsNWA3FXBzRYF24xo0n4YrvLS8E4Qmgu28eM+oLkATRJHpwkAzbO9rh147FGVeRZwZ"
	    "Ls4AAACAHIbvHFcLD6C0H/a7T5YHdfBAaLeeM6rFp0j0QNJqQyOfr+NZYiz5qnfKXSJAcWvur3P9pmmf"
	    "IA4Z0TSy947GjaqRdzz76xkF70yQnTf9OcoUwnk7BJBndFkUuct7hs7MQ5FZNxfKKMMrYE+a3eu16har"
	    "+2nb1PdbBZUSmZaTpzY=",
	    1024 },
	{ "AAAAB3NzaC1yc2EAAAADAQABAAABLP////////////8=",
	    0 },	/* rsa_cut */
	{ "AAAAB3NzaC1yc2EAAAADAQABAAAAEAAAAAAAAAAAAAAAAAAAAAA=",
	    0 },	/* rsa_zero */
	{ "AAAAB3NzaC1yc2EAAAADAQABAAAAggAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
	    1017 },	/* rsa_lead0 */
	{ "/////3NzaC1yc2E=",
	    0 },	/* huge_len */
	{ "AAAAB3NzaC1mb28AAAABeA==",
	    0 },	/* unknown */
};

static void
test_bits(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		print_message("# key %zu\n", i);
		assert_int_equal(sshc_pubkey_bits(keys[i].b64), keys[i].bits);
	}
	assert_int_equal(sshc_pubkey_bits(NULL), 0);
	assert_int_equal(sshc_pubkey_bits(""), 0);
	assert_int_equal(sshc_pubkey_bits("not base64!"), 0);
	assert_int_equal(sshc_pubkey_bits("AAAA"), 0);
	/* "ssh-ed25519" and nothing after it */
	assert_int_equal(sshc_pubkey_bits("AAAAC3NzaC1lZDI1NTE5"), 0);
}

/* Mutated real keys: the result is 0 or a size a blob of that length can hold. */
static void
test_mutations(void **state)
{
	unsigned char blob[4096], in[4096];
	char b64[4 * sizeof blob / 3 + 8];
	size_t i, k, n;
	int l;
	unsigned bits;

	(void)state;
	srand(11);
	for (i = 0; i < 20000; i++) {
		k = i % (sizeof keys / sizeof keys[0]);
		l = EVP_DecodeBlock(in, (const unsigned char *)keys[k].b64, (int)strlen(keys[k].b64));
		assert_true(l > 0);
		n = (size_t)rand() % (size_t)l + 1;
		memcpy(blob, in, n);
		if (rand() % 2)
			blob[(size_t)rand() % n] = (unsigned char)rand();
		if (rand() % 4 == 0)
			blob[(size_t)rand() % (n < 12 ? n : 12)] = (unsigned char)rand();
		EVP_EncodeBlock((unsigned char *)b64, blob, (int)n);
		bits = sshc_pubkey_bits(b64);
		assert_true(bits <= 8 * n);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bits),
		cmocka_unit_test(test_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
