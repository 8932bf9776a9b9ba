#include "webrole.h"

#include "eventemitter.h"
#include "events/eventkind.h"
#include "fastevent.h"
#include "httpdate.h"
#include "monotonic.h"

#include <QJsonArray>

namespace infrastage::roles::web {

namespace {
// Header names and values used per request, made once (a literal would allocate each time).
const QByteArray kContentType = QByteArrayLiteral("Content-Type");
const QByteArray kLastModified = QByteArrayLiteral("Last-Modified");
const QByteArray kETag = QByteArrayLiteral("ETag");
const QByteArray kServer = QByteArrayLiteral("Server");
const QByteArray kServerName = QByteArrayLiteral("infrastage-web");
const QByteArray kDate = QByteArrayLiteral("Date");
const QByteArray kServedBy = QByteArrayLiteral("X-Served-By");

RoleRegistration registration("web", [] { return std::make_unique<WebRole>(); });

// If-None-Match lists entity tags; "*" or an equal tag (weak comparison) means unchanged.
bool etagMatches(const QByteArray &header, const QByteArray &etag) {
    for (QByteArray tag : header.split(',')) {
        tag = tag.trimmed();
        if (tag == "*")
            return true;
        if (tag.startsWith("W/"))
            tag = tag.mid(2);
        if (tag == etag)
            return true;
    }
    return false;
}
} // namespace

bool WebRole::start(const QJsonObject &config, QString *error) {
    const QString root = config.value(QLatin1String("root")).toString();
    if (root.isEmpty()) {
        *error = QStringLiteral("config key \"root\" (the application files) is missing");
        return false;
    }
    if (!m_files.setRoot(root, error))
        return false;
    const QString node = config.value(QLatin1String("node")).toString(QStringLiteral("web"));
    m_servedBy = config.value(QLatin1String("served_by")).toString(node).toUtf8();
    const QJsonArray ups = config.value(QLatin1String("upstreams")).toArray();
    for (int i = 0; i < ups.size(); ++i) {
        const QJsonObject u = ups.at(i).toObject();
        Upstream up;
        up.id = u.value(QLatin1String("id")).toString(QStringLiteral("app-%1").arg(i + 1));
        const int port = u.value(QLatin1String("port")).toInt(-1);
        if (!up.address.setAddress(u.value(QLatin1String("address")).toString()) ||
            !http::isLoopback(up.address) || port <= 0 || port > 65535) {
            *error = QStringLiteral("upstreams[%1] needs a 127.0.0.0/8 address and a port").arg(i);
            return false;
        }
        up.port = quint16(port);
        m_upstreams.append(up);
    }
    const QJsonObject t = config.value(QLatin1String("timeouts")).toObject();
    m_timeouts.connectMs = t.value(QLatin1String("connect")).toInt(5000);
    m_timeouts.serverMs = t.value(QLatin1String("server")).toInt(30000);
    m_server.setHandler(
        [this](const http::ServerRequest &r, const http::Responder &resp) { handle(r, resp); });
    serveMetrics();
    if (!startServer(config, http::HttpServer::Options(), error))
        return false;
    EventEmitter::ready(m_server.address().toString(), m_server.port(),
                        QJsonObject{{QStringLiteral("root"), m_files.root()},
                                    {QStringLiteral("upstreams"), int(m_upstreams.size())}});
    return true;
}

http::HttpResponse WebRole::errorResponse(int status) const {
    // Nginx's own error page layout.
    http::HttpResponse r;
    r.status = status;
    const QByteArray title = QByteArray::number(status) + ' ' + http::reasonPhrase(status);
    r.body = "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" +
             title +
             "</h1></center>\r\n<hr><center>infrastage-web</center>\r\n</body>\r\n</html>\r\n";
    r.headers.add("Content-Type", "text/html");
    return r;
}

void WebRole::handle(const http::ServerRequest &request, const http::Responder &responder) {
    const http::HttpRequest &q = request.request;
    // Read only where it is used: by this node's events, or passed on upstream. A server that
    // does not trace answers a file without looking at the traceparent a tracing lb added.
    http::TraceContext trace;
    if (tracing()) {
        trace = http::TraceContext::fromHeaders(q.headers, true);
        // Stamped with the time the request was read: no clock read of its own.
        FastEvent e(EventKind::WebRequest, trace, request.receivedNs);
        e.addEndpoint("client", request.peerText, request.peerPort)
            .add("method", q.method)
            .add("target", q.target);
        if (EventEmitter::detail())
            e.add("received", requestJson(q));
        e.send();
    }
    const QByteArray path = q.path();
    StaticFiles::File file;
    QString reason;
    const StaticFiles::Outcome outcome = m_files.lookup(path, &file, &reason);
    if (outcome == StaticFiles::Outcome::Forbidden || outcome == StaticFiles::Outcome::Invalid) {
        const int status = outcome == StaticFiles::Outcome::Forbidden ? 403 : 404;
        if (tracing())
            EventEmitter::emitEvent(EventKind::WebDenied,
                                    QJsonObject{{QStringLiteral("path"), QString::fromLatin1(path)},
                                                {QStringLiteral("status"), status},
                                                {QStringLiteral("reason"), reason}},
                                    QString::fromLatin1(trace.traceId()));
        finish(request, responder, errorResponse(status), QStringLiteral("error"), trace.traceId());
        return;
    }
    if (outcome == StaticFiles::Outcome::Found) {
        if (q.method == "GET" || q.method == "HEAD") {
            serveStatic(request, responder, file, trace.traceId());
        } else {
            http::HttpResponse r = errorResponse(405);
            r.headers.add("Allow", "GET, HEAD");
            finish(request, responder, r, QStringLiteral("error"), trace.traceId());
        }
        return;
    }
    if (m_upstreams.isEmpty()) {
        finish(request, responder, errorResponse(404), QStringLiteral("error"), trace.traceId());
        return;
    }
    if (!tracing()) // the caller's trace goes on upstream, with this hop's span
        trace = http::TraceContext::fromHeaders(q.headers, false);
    forward(request, responder, trace, 0);
}

void WebRole::serveStatic(const http::ServerRequest &request, const http::Responder &responder,
                          const StaticFiles::File &file, QByteArrayView trace) {
    const http::HttpHeaders &h = request.request.headers;
    bool unchanged = false;
    if (h.contains("If-None-Match")) {
        unchanged = etagMatches(h.combined("If-None-Match"), file.etag);
    } else if (h.contains("If-Modified-Since")) {
        const qint64 since = http::parseHttpDate(h.value("If-Modified-Since"));
        unchanged = since >= 0 && file.mtime <= since;
    }
    http::HttpResponse r;
    r.status = unchanged ? 304 : 200;
    r.headers.add(kContentType, file.mime);
    r.headers.add(kLastModified, file.lastModified);
    r.headers.add(kETag, file.etag);
    if (!unchanged)
        r.body = file.content;
    if (tracing())
        FastEvent(EventKind::WebStatic, trace)
            .add("path", request.request.path())
            .add("file", file.relative)
            .add("status", r.status)
            .add("bytes", qint64(r.body.size()))
            .add("mime", file.mime)
            .send();
    finish(request, responder, std::move(r), QStringLiteral("static"), trace);
}

void WebRole::forward(const http::ServerRequest &request, const http::Responder &responder,
                      const http::TraceContext &trace, int attempt) {
    const Upstream up = m_upstreams.at(m_next % m_upstreams.size());
    m_next = (m_next + 1) % int(m_upstreams.size());
    const http::HttpRequest &q = request.request;
    http::HttpRequest out;
    out.method = q.method;
    out.target = q.target;
    out.body = q.body;
    for (const auto &f : q.headers.fields()) {
        if (http::isHopByHop(f.first) || http::equalsIgnoreCase(f.first, "x-forwarded-for") ||
            http::equalsIgnoreCase(f.first, "x-real-ip") ||
            http::equalsIgnoreCase(f.first, "traceparent"))
            continue;
        out.headers.add(f.first, f.second);
    }
    const QByteArray client = request.peer.toString().toLatin1();
    const QByteArray xff = q.headers.combined("X-Forwarded-For");
    out.headers.add("X-Forwarded-For", xff.isEmpty() ? client : xff + ", " + client);
    out.headers.add("X-Real-IP", client);
    if (trace.valid())
        out.headers.add(http::kTraceparentHeader, trace.traceparent());
    if (!out.body.isEmpty() || (q.method != "GET" && q.method != "HEAD"))
        out.headers.add("Content-Length", QByteArray::number(out.body.size()));
    const QString traceId = QString::fromLatin1(trace.traceId());
    const QByteArray bytes = out.serialize();
    const bool head = q.method == "HEAD";
    if (tracing()) {
        QJsonObject d{{QStringLiteral("upstream"), up.id},
                      {QStringLiteral("address"), up.address.toString()},
                      {QStringLiteral("port"), up.port},
                      {QStringLiteral("attempt"), attempt}};
        if (EventEmitter::detail())
            d.insert(QStringLiteral("forwarded"), requestJson(out));
        EventEmitter::emitEvent(EventKind::WebForward, d, traceId);
    }
    m_pool.send(
        up.address, up.port, bytes, head, q.isIdempotent(), m_timeouts,
        [this, request, responder, trace, attempt, up](http::UpstreamResult &&r) {
            if (r.status == http::UpstreamStatus::ConnectFailed &&
                attempt + 1 < m_upstreams.size()) {
                forward(request, responder, trace, attempt + 1); // next upstream
                return;
            }
            if (r.status != http::UpstreamStatus::Ok) {
                const bool timeout = r.status == http::UpstreamStatus::Timeout ||
                                     r.status == http::UpstreamStatus::ConnectTimeout;
                http::HttpResponse e = errorResponse(timeout ? 504 : 502);
                m_lastError = up.id + QStringLiteral(": ") + QString::fromLatin1(r.error);
                finish(request, responder, e, QStringLiteral("error"), trace.traceId());
                return;
            }
            http::HttpResponse resp;
            resp.status = r.response.status;
            resp.reason = r.response.reason;
            resp.body = std::move(r.response.body);
            resp.keepAlive = true;
            QByteArray appServedBy;
            for (const auto &f : r.response.headers.fields()) {
                if (http::isHopByHop(f.first) || http::equalsIgnoreCase(f.first, "server") ||
                    http::equalsIgnoreCase(f.first, "date"))
                    continue;
                if (http::equalsIgnoreCase(f.first, "x-served-by")) {
                    appServedBy = f.second;
                    continue;
                }
                resp.headers.add(f.first, f.second);
            }
            if (r.response.headRequest && r.response.headers.contains("Content-Length"))
                resp.headers.add("Content-Length", r.response.headers.value("Content-Length"));
            if (!appServedBy.isEmpty())
                resp.headers.add("X-Served-By", m_servedBy + ", " + appServedBy);
            finish(request, responder, std::move(resp), QStringLiteral("upstream"),
                   trace.traceId());
        });
}

void WebRole::finish(const http::ServerRequest &request, const http::Responder &responder,
                     http::HttpResponse response, const QString &source, QByteArrayView trace) {
    response.headers.add(kServer, kServerName);
    response.headers.add(kDate, http::currentHttpDate());
    if (!response.headers.contains(kServedBy))
        response.headers.add(kServedBy, m_servedBy);
    if (!tracing()) {
        responder.send(response);
        return;
    }
    // Stamped before the answer goes: the load balancer may log its response first otherwise,
    // and a walkthrough would show the response reaching the client before leaving Nginx.
    const http::HttpRequest &q = request.request;
    const qint64 now = http::monotonicNs(); // the event's time and the duration's end
    FastEvent e(EventKind::WebResponse, trace, now);
    e.addEndpoint("client", request.peerText, request.peerPort)
        .add("method", q.method)
        .add("target", q.target)
        .add("status", response.status)
        .add("bytes", qint64(response.body.size()))
        .add("duration_us", (now - request.receivedNs) / 1000)
        .add("served_by", response.headers.value(kServedBy))
        .add("source", source);
    if (!m_lastError.isEmpty()) {
        e.add("error", m_lastError);
        m_lastError.clear();
    }
    if (EventEmitter::detail())
        e.add("forwarded", responseJson(response));
    responder.send(response);
    e.send();
}

} // namespace infrastage::roles::web
