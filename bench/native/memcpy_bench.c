/*
 * Native reference for the copy benchmark, as a small server so that its rounds interleave
 * with the engine's in one run: one source and one destination buffer of TOTAL_BYTES are
 * allocated and touched once; each request line on stdin copies the whole batch once, folio
 * by folio, split across pthreads in contiguous runs (mtcopy's policy), and answers the GB/s.
 *
 *   copy FOLIO_BYTES THREADS     memcpy of every folio
 *   verify FOLIO_BYTES THREADS   memcpy of every folio, then memcmp of it against its source
 *
 * usage: memcpy_bench TOTAL_BYTES        answers: "GBps <value>" per request, "error <why>" on a bad one
 */
#define _POSIX_C_SOURCE 200112L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_THREADS 64

struct run {
	unsigned char *src;
	unsigned char *dst;
	size_t folio_bytes;
	size_t first;
	size_t count;
	int verify;
	size_t mismatches;
	pthread_barrier_t *start;
};

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *copy_run(void *arg)
{
	struct run *r = arg;
	size_t i;

	pthread_barrier_wait(r->start);
	for (i = r->first; i < r->first + r->count; i++) {
		unsigned char *to = r->dst + i * r->folio_bytes;
		const unsigned char *from = r->src + i * r->folio_bytes;

		memcpy(to, from, r->folio_bytes);
		if (r->verify && memcmp(to, from, r->folio_bytes) != 0)
			r->mismatches++;
	}
	return NULL;
}

/* One pass over the batch; returns GB/s, or a negative value when a copy did not compare equal. */
static double one_pass(unsigned char *src, unsigned char *dst, size_t total, size_t folio_bytes, int threads, int verify)
{
	pthread_t tid[MAX_THREADS];
	struct run runs[MAX_THREADS];
	pthread_barrier_t start;
	size_t folios = total / folio_bytes, base = folios / threads, extra = folios % threads, next = 0, bad = 0;
	double t0, seconds;
	int t;

	pthread_barrier_init(&start, NULL, threads + 1);
	for (t = 0; t < threads; t++) {
		runs[t] = (struct run){ src, dst, folio_bytes, next, base + ((size_t)t < extra), verify, 0, &start };
		next += runs[t].count;
		pthread_create(&tid[t], NULL, copy_run, &runs[t]);
	}
	t0 = now_seconds();
	pthread_barrier_wait(&start);
	for (t = 0; t < threads; t++) {
		pthread_join(tid[t], NULL);
		bad += runs[t].mismatches;
	}
	seconds = now_seconds() - t0;
	pthread_barrier_destroy(&start);
	return bad ? -1 : folios * folio_bytes / seconds / 1e9;
}

int main(int argc, char **argv)
{
	char line[256], op[16];
	size_t total, folio_bytes, i;
	unsigned char *src, *dst;
	int threads;

	if (argc != 2 || (total = strtoull(argv[1], NULL, 10)) == 0) {
		fprintf(stderr, "usage: memcpy_bench TOTAL_BYTES\n");
		return 2;
	}
	src = malloc(total);
	dst = malloc(total);
	if (!src || !dst) {
		fprintf(stderr, "memcpy_bench: out of memory\n");
		return 1;
	}
	for (i = 0; i < total; i++)
		src[i] = (unsigned char)(i * 131 + 7);
	memset(dst, 0, total);
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (fgets(line, sizeof(line), stdin)) {
		double gbps;

		if (sscanf(line, "%15s %zu %d", op, &folio_bytes, &threads) != 3 || folio_bytes == 0 || folio_bytes > total ||
		    threads < 1 || threads > MAX_THREADS || (strcmp(op, "copy") != 0 && strcmp(op, "verify") != 0)) {
			printf("error bad request\n");
			continue;
		}
		gbps = one_pass(src, dst, total, folio_bytes, threads, strcmp(op, "verify") == 0);
		if (gbps < 0)
			printf("error copy mismatch\n");
		else
			printf("GBps %.3f\n", gbps);
	}
	free(src);
	free(dst);
	return 0;
}
