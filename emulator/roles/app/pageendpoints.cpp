// /hello (and /app): a page rendered per request, naming the host and process behind it.
#include "appendpoints.h"

#include <QDateTime>

namespace infrastage::roles::app {

namespace {

QByteArray escape(const QString &s) {
    return s.toHtmlEscaped().toUtf8();
}

void page(const AppExchangePtr &x) {
    AppContext &c = x->context();
    QByteArray html;
    html += "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>www.foobar.com</title><link rel=\"stylesheet\" href=\"/style.css\"></head>\n"
            "<body><main><h1>Hello from www.foobar.com</h1>\n<p>This page was rendered by the "
            "application server on <strong class=\"host\">";
    html += escape(c.servedBy);
    html += "</strong> (process ";
    html += escape(c.nodeId);
    html += ", pid ";
    html += QByteArray::number(c.pid);
    html += ") at ";
    html += escape(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    html += ".</p>\n<p>Requests handled by this process: ";
    html += QByteArray::number(c.requests);
    html += "</p>\n<p><a href=\"/\">Back to the home page</a></p></main></body></html>\n";
    x->respond(200, "text/html; charset=utf-8", html);
}

AppEndpointRegistration registration("pages", [](AppRouter &router) {
    router.add("GET", "/hello", page);
    router.add("GET", "/app", page);
});

} // namespace

} // namespace infrastage::roles::app
