#ifndef DATELINE_C_MALLOC_COUNTER_H
#define DATELINE_C_MALLOC_COUNTER_H

/// The number of malloc, calloc and realloc calls made by this process so far.
unsigned long long dateline_bench_allocation_count(void);

#endif
