// Counts heap allocations for the benchmark by interposing malloc, calloc and realloc in the
// benchmark executable (the executable's definitions win over libc's at link time on Linux) and
// forwarding to glibc's own entry points. Only the benchmark links this; the product never does.
#include <stdatomic.h>
#include <stddef.h>

#include "CMallocCounter.h"

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void __libc_free(void *pointer);

static _Atomic unsigned long long allocations;

void *malloc(size_t size) {
    atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size) {
    atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
    return __libc_calloc(count, size);
}

void *realloc(void *pointer, size_t size) {
    atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
    return __libc_realloc(pointer, size);
}

void free(void *pointer) {
    __libc_free(pointer);
}

unsigned long long dateline_bench_allocation_count(void) {
    return atomic_load_explicit(&allocations, memory_order_relaxed);
}
