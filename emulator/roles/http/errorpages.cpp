#include "errorpages.h"

namespace infrastage::http {

namespace {

struct Page {
    int status;
    const char *reason;
    const char *text;
};

// From HAProxy's http_err_msgs[] (src/http.c), the defaults when no errorfile is configured.
const Page kPages[] = {
    {400, "Bad request", "Your browser sent an invalid request."},
    {403, "Forbidden", "Request forbidden by administrative rules."},
    {404, "Not Found", "The resource could not be found."},
    {405, "Method Not Allowed",
     "A request was made of a resource using a request method not "
     "supported by that resource"},
    {408, "Request Time-out", "Your browser didn't send a complete request in time."},
    {413, "Payload Too Large", "The request entity exceeds the maximum allowed."},
    {414, "URI Too Long", "The request URL is too long."},
    {431, "Request Header Fields Too Large", "The request header fields are too large."},
    {500, "Internal Server Error", "An internal server error occurred."},
    {501, "Not Implemented",
     "The server does not support the functionality required to fulfill "
     "the request."},
    {502, "Bad Gateway", "The server returned an invalid or incomplete response."},
    {503, "Service Unavailable", "No server is available to handle this request."},
    {504, "Gateway Time-out", "The server didn't respond in time."},
};

} // namespace

HttpResponse errorPage(int status) {
    HttpResponse r;
    r.status = status;
    QByteArray text = "An error occurred.";
    for (const Page &p : kPages) {
        if (p.status == status) {
            r.reason = p.reason;
            text = p.text;
        }
    }
    const QByteArray phrase = r.reason.isEmpty() ? reasonPhrase(status) : r.reason;
    r.body = "<html><body><h1>" + QByteArray::number(status) + ' ' + phrase + "</h1>\n" + text +
             "\n</body></html>\n";
    r.headers.add("content-length", QByteArray::number(r.body.size()));
    r.headers.add("cache-control", "no-cache");
    r.headers.add("content-type", "text/html");
    return r;
}

} // namespace infrastage::http
