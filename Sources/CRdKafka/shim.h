#ifndef DATELINE_CRDKAFKA_SHIM_H
#define DATELINE_CRDKAFKA_SHIM_H

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

/// Produces one message with optional headers; `rd_kafka_producev` is variadic and does not import into Swift.
///
/// The payload and key are copied (`RD_KAFKA_MSG_F_COPY`). On success librdkafka owns `headers`; on failure the
/// caller still owns them and must destroy them. `opaque` comes back as the delivery report's `_private`.
static inline rd_kafka_resp_err_t c_rdkafka_produce(rd_kafka_t *rk,
                                                    const char *topic,
                                                    int32_t partition,
                                                    const void *key,
                                                    size_t key_len,
                                                    const void *value,
                                                    size_t value_len,
                                                    rd_kafka_headers_t *headers,
                                                    void *opaque) {
        if (headers != NULL) {
                return rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(partition),
                                         RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                         RD_KAFKA_V_KEY(key, key_len),
                                         RD_KAFKA_V_VALUE((void *)value, value_len),
                                         RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_OPAQUE(opaque),
                                         RD_KAFKA_V_END);
        }
        return rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(partition),
                                 RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_KEY(key, key_len),
                                 RD_KAFKA_V_VALUE((void *)value, value_len), RD_KAFKA_V_OPAQUE(opaque),
                                 RD_KAFKA_V_END);
}

/// `RD_KAFKA_PARTITION_UA` (a cast macro, which Swift does not import): let the partitioner choose.
static inline int32_t c_rdkafka_partition_unassigned(void) {
        return RD_KAFKA_PARTITION_UA;
}

#endif
