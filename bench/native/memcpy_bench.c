/*
 * Native reference for the copy benchmark: copies a batch of folios with memcpy,
 * one folio per call, split across pthreads in contiguous runs (mtcopy's policy),
 * and prints the best GB/s over several rounds.
 *
 * usage: memcpy_bench FOLIO_BYTES TOTAL_BYTES THREADS ROUNDS
 * output: one line "GBps <value>"
 */
#define _POSIX_C_SOURCE 200112L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct run {
	unsigned char *src;
	unsigned char *dst;
	size_t folio_bytes;
	size_t first;
	size_t count;
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
	for (i = r->first; i < r->first + r->count; i++)
		memcpy(r->dst + i * r->folio_bytes, r->src + i * r->folio_bytes, r->folio_bytes);
	return NULL;
}

int main(int argc, char **argv)
{
	size_t folio_bytes, total, folios, i;
	int threads, rounds, t, round;
	unsigned char *src, *dst;
	double best = 0;

	if (argc != 5) {
		fprintf(stderr, "usage: memcpy_bench FOLIO_BYTES TOTAL_BYTES THREADS ROUNDS\n");
		return 2;
	}
	folio_bytes = strtoull(argv[1], NULL, 10);
	total = strtoull(argv[2], NULL, 10);
	threads = atoi(argv[3]);
	rounds = atoi(argv[4]);
	if (folio_bytes == 0 || total < folio_bytes || threads < 1 || threads > 64 || rounds < 1) {
		fprintf(stderr, "memcpy_bench: bad arguments\n");
		return 2;
	}
	folios = total / folio_bytes;
	src = malloc(folios * folio_bytes);
	dst = malloc(folios * folio_bytes);
	if (!src || !dst) {
		fprintf(stderr, "memcpy_bench: out of memory\n");
		return 1;
	}
	for (i = 0; i < folios * folio_bytes; i++)
		src[i] = (unsigned char)(i * 131 + 7);
	memset(dst, 0, folios * folio_bytes);

	for (round = 0; round < rounds; round++) {
		pthread_t tid[64];
		struct run runs[64];
		pthread_barrier_t start;
		size_t base = folios / threads, extra = folios % threads, next = 0;
		double t0, seconds;

		pthread_barrier_init(&start, NULL, threads + 1);
		for (t = 0; t < threads; t++) {
			runs[t] = (struct run){ src, dst, folio_bytes, next, base + ((size_t)t < extra), &start };
			next += runs[t].count;
			pthread_create(&tid[t], NULL, copy_run, &runs[t]);
		}
		t0 = now_seconds();
		pthread_barrier_wait(&start);
		for (t = 0; t < threads; t++)
			pthread_join(tid[t], NULL);
		seconds = now_seconds() - t0;
		pthread_barrier_destroy(&start);
		if (folios * folio_bytes / seconds / 1e9 > best)
			best = folios * folio_bytes / seconds / 1e9;
	}
	if (memcmp(src, dst, folios * folio_bytes) != 0) {
		fprintf(stderr, "memcpy_bench: copy mismatch\n");
		return 1;
	}
	printf("GBps %.3f\n", best);
	free(src);
	free(dst);
	return 0;
}
