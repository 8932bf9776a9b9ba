#include "mimetypes.h"

#include <cstring>
#include <strings.h>

namespace infrastage::roles::web {

namespace {
struct Mime {
    const char *extension;
    const char *type;
};

const Mime kTypes[] = {
    {"html", "text/html; charset=utf-8"},
    {"htm", "text/html; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"json", "application/json"},
    {"txt", "text/plain; charset=utf-8"},
    {"xml", "text/xml"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"ico", "image/x-icon"},
    {"woff", "font/woff"},
    {"woff2", "font/woff2"},
    {"wasm", "application/wasm"},
    {"pdf", "application/pdf"},
    {"map", "application/json"},
};
} // namespace

QByteArray mimeTypeForFile(const QByteArray &fileName) {
    const qsizetype dot = fileName.lastIndexOf('.');
    const qsizetype slash = fileName.lastIndexOf('/');
    if (dot < 0 || dot < slash)
        return "application/octet-stream";
    const char *ext = fileName.constData() + dot + 1;
    for (const Mime &m : kTypes)
        if (::strcasecmp(ext, m.extension) == 0)
            return m.type;
    return "application/octet-stream";
}

} // namespace infrastage::roles::web
