#pragma once

#include <QtGlobal>

namespace infrastage::http {

// A proxy's fast look at an upstream response that it may forward as it came (HAProxy forwards
// a message's bytes; it does not rebuild them). Only a strict subset is recognised: a status
// line "HTTP/1.1 NNN reason", fields that are tokens with values free of control characters,
// one Content-Length of digits, no field that describes one connection (Connection,
// Transfer-Encoding, ...). Anything else, valid or not, is NotPlain: HttpParser reads it then,
// and decides. Nothing is copied or allocated.
struct PlainResponse {
    enum class Scan {
        NeedMore, // no whole header section yet (it may still turn out plain)
        Plain,    // the fields below are set; the message ends at `size` (maybe not read yet)
        NotPlain, // to be parsed by HttpParser
    };

    // `head`: the answer to a HEAD request (no body whatever Content-Length says).
    // `headerLimit`/`bodyLimit`: larger messages are NotPlain (HttpParser refuses them).
    static Scan scan(const char *data, qsizetype size, bool head, qsizetype headerLimit,
                     qsizetype bodyLimit, PlainResponse *out);

    int status = 0;
    qsizetype bodySize = 0; // Content-Length (0 for HEAD)
    qsizetype size = 0;     // header section and body
};

} // namespace infrastage::http
