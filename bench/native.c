/*
 * The native yardstick for `npm run bench`: the same proof search as the JS kernels (guess =
 * last_proof + proof + last_hash, linear from 0), on OpenSSL's SHA-256, which uses the CPU's SHA
 * instructions where it has them. Digits are counted up in place, as in our kernels.
 * Usage: native LAST_PROOF LAST_HASH GUESSES DIFFICULTY  ->  prints "tried seconds".
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv) {
  if (argc != 5) return 2;
  const char *last_proof = argv[1], *last_hash = argv[2];
  long guesses = atol(argv[3]);
  int difficulty = atoi(argv[4]);
  uint32_t mask = difficulty >= 8 ? 0xffffffffu : ~(0xffffffffu >> (4 * difficulty));
  size_t lp = strlen(last_proof), lh = strlen(last_hash);
  char buf[512];
  unsigned char digest[32];
  memcpy(buf, last_proof, lp);
  int digits = 1;
  buf[lp] = '0';
  long tried = 0;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long proof = 0; proof < guesses; proof++) {
    memcpy(buf + lp + digits, last_hash, lh);
    SHA256_CTX ctx; /* the low-level API: SHA256() one-shot pays for an EVP fetch per call */
    SHA256_Init(&ctx);
    SHA256_Update(&ctx, buf, lp + digits + lh);
    SHA256_Final(digest, &ctx);
    tried++;
    uint32_t word = (uint32_t)digest[0] << 24 | (uint32_t)digest[1] << 16 | (uint32_t)digest[2] << 8 | digest[3];
    if ((word & mask) == 0) break;
    int i = (int)(lp + digits - 1);
    while (i >= (int)lp && buf[i] == '9') buf[i--] = '0';
    if (i >= (int)lp) buf[i]++;
    else {
      memmove(buf + lp + 1, buf + lp, digits);
      buf[lp] = '1';
      digits++;
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  printf("%ld %.6f\n", tried, (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
  return 0;
}
