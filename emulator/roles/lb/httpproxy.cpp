#include "httpproxy.h"

#include "errorpages.h"
#include "eventemitter.h"
#include "events/eventkind.h"
#include "events/eventpairs.h"
#include "fastevent.h"
#include "httprole.h"
#include "monotonic.h"

#include <QTimer>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace infrastage::roles::lb {

namespace {
// Header names used per request, made once (a literal would allocate a QByteArray each time).
const QByteArray kHost = QByteArrayLiteral("Host");
const QByteArray kForwardedFor = QByteArrayLiteral("X-Forwarded-For");
const QByteArray kContentLength = QByteArrayLiteral("Content-Length");
const QByteArray kForwardedProto = QByteArrayLiteral("X-Forwarded-Proto");
const QByteArray kHttps = QByteArrayLiteral("https");

// Whether a field of the client's request goes on to the server: not one that describes the
// client's connection, nor the client's traceparent when this hop sends its own.
bool forwarded(const http::HttpHeaders::Field &f, const http::TraceContext &trace) {
    return !http::isHopByHop(f.first) &&
           !(trace.valid() && http::equalsIgnoreCase(f.first, "traceparent"));
}

// Content-Length is written when there is a body or the method may have one.
bool needsLength(const http::HttpRequest &q) {
    return !q.body.isEmpty() || (q.method != "GET" && q.method != "HEAD");
}

// The request as forwarded, as a message (detail on: lb.forward shows it).
http::HttpRequest forwardedMessage(const http::ServerRequest &request,
                                   const http::TraceContext &trace, bool tls) {
    const http::HttpRequest &q = request.request;
    http::HttpRequest out;
    out.method = q.method;
    out.target = q.target;
    out.body = q.body;
    for (const auto &f : q.headers.fields())
        if (forwarded(f, trace))
            out.headers.add(f.first, f.second);
    out.headers.add(kForwardedFor, request.peerText);
    if (tls)
        out.headers.add(kForwardedProto, kHttps);
    if (trace.valid())
        out.headers.add(http::kTraceparentHeader, trace.traceparent());
    if (needsLength(q))
        out.headers.add(kContentLength, QByteArray::number(out.body.size()));
    return out;
}

// The bytes forwardedMessage() would serialize to, written in one pass into storage sized
// beforehand: no message, header list or traceparent made on the way.
QByteArray forwardedRequest(const http::ServerRequest &request, const http::TraceContext &trace,
                            bool tls) {
    const http::HttpRequest &q = request.request;
    const auto field = [](qsizetype name, qsizetype value) { return name + value + 4; };
    qsizetype size = q.method.size() + q.target.size() + 12 + 2; // " HTTP/1.1\r\n", the blank line
    for (const auto &f : q.headers.fields())
        if (forwarded(f, trace))
            size += field(f.first.size(), f.second.size());
    size += field(kForwardedFor.size(), request.peerText.size());
    if (tls)
        size += field(kForwardedProto.size(), kHttps.size());
    if (trace.valid())
        size += field(http::kTraceparentHeader.size(), http::TraceContext::kTraceparentSize);
    char length[24];
    qsizetype lengthSize = -1;
    if (needsLength(q)) {
        lengthSize =
            qsizetype(std::to_chars(length, length + sizeof length, q.body.size()).ptr - length);
        size += field(kContentLength.size(), lengthSize);
    }
    size += q.body.size();
    QByteArray out(size, Qt::Uninitialized);
    char *p = out.data();
    const auto put = [&p](const char *s, qsizetype n) {
        std::memcpy(p, s, size_t(n));
        p += n;
    };
    const auto putField = [&](const QByteArray &name, const char *value, qsizetype n) {
        put(name.constData(), name.size());
        put(": ", 2);
        put(value, n);
        put("\r\n", 2);
    };
    put(q.method.constData(), q.method.size());
    put(" ", 1);
    put(q.target.constData(), q.target.size());
    // Versions are 1.0 or 1.1 (HttpParser takes no other).
    const char version[] = {
        ' ',  'H', 'T', 'T', 'P', '/', char('0' + q.versionMajor), '.', char('0' + q.versionMinor),
        '\r', '\n'};
    put(version, sizeof version);
    for (const auto &f : q.headers.fields())
        if (forwarded(f, trace))
            putField(f.first, f.second.constData(), f.second.size());
    putField(kForwardedFor, request.peerText.constData(), request.peerText.size());
    if (tls)
        putField(kForwardedProto, kHttps.constData(), kHttps.size());
    if (trace.valid()) {
        put(http::kTraceparentHeader.constData(), http::kTraceparentHeader.size());
        put(": ", 2);
        trace.writeTraceparent(p);
        p += http::TraceContext::kTraceparentSize;
        put("\r\n", 2);
    }
    if (lengthSize >= 0)
        putField(kContentLength, length, lengthSize);
    put("\r\n", 2);
    put(q.body.constData(), q.body.size());
    Q_ASSERT(p == out.constData() + size);
    return out;
}
} // namespace

HttpProxy::HttpProxy(QList<BackendServer> *servers, Balancer *balancer, http::UpstreamPool *pool,
                     const LbConfig &config, LbCounters *counters, bool tracing, QObject *parent)
    : QObject(parent)
    , m_servers(servers)
    , m_balancer(balancer)
    , m_pool(pool)
    , m_config(config)
    , m_counters(counters)
    , m_tracing(tracing)
    , m_queue(servers, config.queueMs,
              [this](const RequestQueue::Waiting &w) { queueExpired(w); }) {
    m_queue.setBackendGauge(&counters->backendQueue);
}

void HttpProxy::handle(const http::ServerRequest &request, const http::Responder &responder,
                       bool tls) {
    ++m_counters->requests;
    if (m_config.redirectHttp && !tls) {
        redirect(request, responder);
        return;
    }
    auto x = std::make_shared<ProxyExchange>();
    x->request = request;
    x->responder = responder;
    const http::HttpRequest &q = request.request;
    // Tracing off still passes a client's traceparent through; it only starts none.
    x->trace = http::TraceContext::fromHeaders(q.headers, m_tracing);
    x->tls = tls;
    if (m_tracing) {
        // Without detail, lb.request goes on the forward's line when the forward follows at
        // once (events/eventpairs.h); whatever else comes first writes it on its own.
        x->requestPending = true;
        if (EventEmitter::detail() || request.receivedNs <= 0)
            writeRequest(*x);
    }
    x->forwardBytes = forwardedRequest(request, x->trace, tls);
    if (m_tracing && EventEmitter::detail())
        x->forwardedDetail = HttpRole::requestJson(forwardedMessage(request, x->trace, tls));
    attempt(x);
}

void HttpProxy::addRequestFields(FastEvent &e, const ProxyExchange &x) const {
    const http::HttpRequest &q = x.request.request;
    e.addEndpoint("client", x.request.peerText, x.request.peerPort)
        .addToken("method", q.method) // the parser's name for it
        .add("target", q.target)
        .add("host", q.headers.value(kHost))
        .add("trace_started", x.trace.started);
    if (x.tls)
        e.add("tls", true);
}

void HttpProxy::writeRequest(ProxyExchange &x) {
    if (!x.requestPending)
        return;
    x.requestPending = false;
    // Stamped with the time the request was read: no clock read of its own.
    FastEvent e(EventKind::LbRequest, x.trace, x.request.receivedNs);
    addRequestFields(e, x);
    if (EventEmitter::detail())
        e.add("received", HttpRole::requestJson(x.request.request));
    e.send();
}

void HttpProxy::attempt(const ExchangePtr &x) {
    if (x->fixedServer >= 0) {
        const int index = x->fixedServer;
        if ((*m_servers)[index].full())
            enqueue(x, index, QString());
        else
            forward(x, index, QStringLiteral("retry: same server (no redispatch)"));
        return;
    }
    const Balancer::Choice c = m_balancer->choose(x->request.peer, x->tried);
    if (c.full) {
        enqueue(x, RequestQueue::kBackend, c.reason);
        return;
    }
    if (c.index < 0) {
        fail(x, 503, QStringLiteral("no server is available (%1)").arg(c.reason), -1);
        return;
    }
    if ((*m_servers)[c.index].full()) { // a hash is bound to its server: wait for it
        enqueue(x, c.index, c.reason);
        return;
    }
    forward(x, c.index, c.reason, c.reasonField);
}

void HttpProxy::enqueue(const ExchangePtr &x, int queue, const QString &reason) {
    ++m_counters->queued;
    const int length = m_queue.push(x, queue);
    if (!m_tracing)
        return;
    writeRequest(*x);
    FastEvent e(EventKind::LbQueue, x->trace);
    if (queue == RequestQueue::kBackend) {
        e.add("queue", "backend").add("server", QString());
    } else {
        const BackendServer &s = m_servers->at(queue);
        e.add("queue", "server").add("server", s.config.id).add("in_flight", s.inFlight);
    }
    e.add("length", length).add("timeout_ms", m_config.queueMs).add("reason", reason).send();
}

void HttpProxy::drain() {
    // A forward may fail at once and come back here (a cut link): the outer loop goes on.
    if (m_draining) {
        m_drainAgain = true;
        return;
    }
    m_draining = true;
    do {
        m_drainAgain = false;
        bool activeUp = false;
        for (const BackendServer &s : std::as_const(*m_servers))
            activeUp = activeUp || (s.up && !s.config.backup && s.config.weight > 0);
        for (int i = 0; i < m_servers->size(); ++i) {
            // The backend's queue goes where the balancer would send: backups only when no
            // active server is UP, never to weight 0.
            const BackendServer &s = m_servers->at(i);
            drainServer(i, s.config.weight > 0 && (!s.config.backup || !activeUp));
        }
    } while (m_drainAgain);
    m_draining = false;
}

void HttpProxy::drainServer(int server, bool backendQueue) {
    BackendServer &s = (*m_servers)[server];
    while (s.up && (s.config.maxconn == 0 || s.inFlight < s.config.maxconn)) {
        const RequestQueue::Waiting w = m_queue.pop(server, backendQueue);
        if (!w.exchange)
            return;
        const qint64 waitedUs = (http::monotonicNs() - w.enqueuedNs) / 1000;
        QString reason;
        if (m_tracing) {
            reason = QStringLiteral("dequeued: %1 had a free slot after %2 ms in the %3 queue")
                         .arg(s.config.id)
                         .arg(waitedUs / 1000)
                         .arg(w.queue == RequestQueue::kBackend ? QLatin1String("backend")
                                                                : QLatin1String("server"));
            FastEvent(EventKind::LbDequeue, w.exchange->trace)
                .add("queue", w.queue == RequestQueue::kBackend ? "backend" : "server")
                .add("server", s.config.id)
                .add("waited_us", waitedUs)
                .add("length", m_queue.length(w.queue))
                .send();
        }
        forward(w.exchange, server, reason);
    }
}

void HttpProxy::queueExpired(const RequestQueue::Waiting &w) {
    ++m_counters->queueTimeouts;
    const qint64 waitedUs = (http::monotonicNs() - w.enqueuedNs) / 1000;
    const QString server =
        w.queue == RequestQueue::kBackend ? QString() : m_servers->at(w.queue).config.id;
    if (m_tracing)
        FastEvent(EventKind::LbQueueTimeout, w.exchange->trace)
            .add("queue", w.queue == RequestQueue::kBackend ? "backend" : "server")
            .add("server", server)
            .add("waited_us", waitedUs)
            .add("timeout_ms", m_config.queueMs)
            .send();
    fail(w.exchange, 503,
         QStringLiteral("waited %1 ms in the queue (timeout queue %2 ms)")
             .arg(waitedUs / 1000)
             .arg(m_config.queueMs),
         w.queue == RequestQueue::kBackend ? -1 : w.queue);
}

void HttpProxy::serverChanged(int server, bool up) {
    if (!up && m_config.redispatch)
        m_queue.redistribute(server);
    drain();
}

void HttpProxy::forward(const ExchangePtr &x, int index, const QString &reason,
                        const QByteArray &reasonField) {
    BackendServer &s = (*m_servers)[index];
    // One clock read for the choice, the forward and the server time.
    x->forwardNs = http::monotonicNs();
    if (m_tracing) {
        // lb.choice and lb.forward in one line (events/eventpairs.h), led by lb.request when it
        // is not written yet; the reader restores all three. With detail on, lb.forward carries
        // the request as forwarded on a line of its own.
        const bool detail = !x->forwardedDetail.isEmpty();
        const bool lead = x->requestPending && !detail;
        if (!lead)
            writeRequest(*x);
        FastEvent e(detail
                        ? EventKind::LbChoice
                        : (lead ? EventPairs::LbRequestChoiceForward : EventPairs::LbChoiceForward),
                    x->trace, lead ? x->request.receivedNs : x->forwardNs);
        e.addFields(s.choiceFields);
        if (reasonField.isEmpty())
            e.add("reason", reason);
        else
            e.addFields(reasonField);
        e.add("attempt", x->attempt);
        if (lead) { // the pair's time after the request's, then the request's own fields
            x->requestPending = false;
            e.add("dt", x->forwardNs - x->request.receivedNs).beginObject("request");
            addRequestFields(e, *x);
            e.endObject();
        }
        e.send();
        if (detail)
            FastEvent(EventKind::LbForward, x->trace, x->forwardNs)
                .addFields(s.forwardFields)
                .add("attempt", x->attempt)
                .add("forwarded", x->forwardedDetail)
                .send();
    }
    ++s.inFlight;
    ++s.requests;
    const http::HttpRequest &q = x->request.request;
    // The server's answer goes back as its own bytes when the client takes it unchanged (and
    // detail, which shows its fields, is off): no fields, body or message made per response.
    const bool raw = x->request.takesPlainResponse() && !(m_tracing && EventEmitter::detail());
    m_pool->send(
        s.config.address, s.config.port, x->forwardBytes, q.method == "HEAD", q.isIdempotent(),
        {m_config.connectMs, m_config.serverMs},
        [this, x, index](http::UpstreamResult &&r) { onResult(x, index, std::move(r)); }, raw);
}

void HttpProxy::onResult(const ExchangePtr &x, int server, http::UpstreamResult &&r) {
    BackendServer &s = (*m_servers)[server];
    s.inFlight = std::max(0, s.inFlight - 1);
    finish(x, server, std::move(r));
    // The freed slot goes to the oldest waiting request (a retry above may have taken it).
    if (s.config.maxconn > 0)
        drain();
}

void HttpProxy::finish(const ExchangePtr &x, int server, http::UpstreamResult &&r) {
    BackendServer &s = (*m_servers)[server];
    if (r.status == http::UpstreamStatus::Ok) {
        respond(x, server, std::move(r));
        return;
    }
    const bool connectFailure = r.status == http::UpstreamStatus::ConnectFailed ||
                                r.status == http::UpstreamStatus::ConnectTimeout;
    const bool retryable = connectFailure || (r.status == http::UpstreamStatus::EmptyResponse &&
                                              x->request.request.isIdempotent());
    if (retryable && x->attempt < m_config.retries && x->responder.connected()) {
        ++m_counters->retries;
        x->tried.insert(server);
        if (m_tracing)
            FastEvent(EventKind::LbRetry, x->trace)
                .add("server", s.config.id)
                .add("attempt", x->attempt)
                .add("error", r.error)
                .add("redispatch", m_config.redispatch)
                .send();
        ++x->attempt;
        if (m_config.redispatch) {
            ++m_counters->redispatches;
            attempt(x);
        } else {
            // HAProxy's turn-around timer before reconnecting to the same server.
            x->fixedServer = server;
            QTimer::singleShot(std::min(m_config.connectMs, 1000), this, [this, x] { attempt(x); });
        }
        return;
    }
    switch (r.status) {
    case http::UpstreamStatus::Timeout:
        fail(x, 504,
             QStringLiteral("%1 did not respond within %2 ms")
                 .arg(s.config.id)
                 .arg(m_config.serverMs),
             server);
        break;
    case http::UpstreamStatus::ConnectFailed:
    case http::UpstreamStatus::ConnectTimeout:
        fail(x, 503,
             QStringLiteral("cannot connect to %1: %2")
                 .arg(s.config.id, QString::fromLatin1(r.error)),
             server);
        break;
    default:
        fail(x, 502, QStringLiteral("%1: %2").arg(s.config.id, QString::fromLatin1(r.error)),
             server);
        break;
    }
}

void HttpProxy::respond(const ExchangePtr &x, int server, http::UpstreamResult &&r) {
    BackendServer &s = (*m_servers)[server];
    http::HttpResponse &in = r.response;
    const int cls = in.status / 100;
    ++s.responses[cls >= 1 && cls <= 5 ? cls : 0];
    if (!r.raw.isEmpty()) { // forwarded unchanged (HttpParser::lastPlain)
        x->responder.sendRaw(r.raw, in.status);
        if (m_tracing)
            writeResponse(*x, s, in.status, r.bodySize, r.reused, nullptr, nullptr);
        return;
    }
    const bool detail = m_tracing && EventEmitter::detail();
    const QJsonObject receivedDetail = detail ? HttpRole::responseJson(in) : QJsonObject();
    // The response is ours: its fields move over, less the hop-by-hop ones, in their order.
    const bool headLength = in.headRequest && in.headers.contains("Content-Length");
    const QByteArray length = headLength ? in.headers.value("Content-Length") : QByteArray();
    http::HttpResponse out;
    out.status = in.status;
    out.reason = in.reason;
    out.headers = std::move(in.headers);
    out.headers.removeIf(&http::isHopByHop);
    if (headLength)
        out.headers.add("Content-Length", length);
    out.body = std::move(in.body);
    x->responder.send(out);
    if (!m_tracing)
        return;
    const QJsonObject forwardedDetail = detail ? HttpRole::responseJson(out) : QJsonObject();
    writeResponse(*x, s, out.status, out.body.size(), r.reused, detail ? &receivedDetail : nullptr,
                  detail ? &forwardedDetail : nullptr);
}

void HttpProxy::writeResponse(const ProxyExchange &x, const BackendServer &s, int status,
                              qsizetype bytes, bool reused, const QJsonObject *received,
                              const QJsonObject *forwarded) {
    const qint64 now = http::monotonicNs();
    FastEvent e(EventKind::LbResponse, x.trace, now);
    e.addFields(s.serverField)
        .add("status", status)
        .add("bytes", qint64(bytes))
        .add("duration_us", (now - x.request.receivedNs) / 1000)
        .add("server_us", (now - x.forwardNs) / 1000)
        .add("retries", x.attempt)
        .add("reused", reused);
    if (received)
        e.add("received", *received);
    if (forwarded)
        e.add("forwarded", *forwarded);
    e.send();
}

void HttpProxy::fail(const ExchangePtr &x, int status, const QString &reason, int server) {
    ++m_counters->errors[status];
    const http::HttpResponse page = http::errorPage(status);
    x->responder.send(page);
    if (!m_tracing)
        return;
    writeRequest(*x);
    FastEvent(EventKind::LbError, x->trace)
        .add("status", status)
        .add("reason", reason)
        .add("server", server >= 0 ? m_servers->at(server).config.id : QString())
        .add("bytes", qint64(page.body.size()))
        .add("duration_us", (http::monotonicNs() - x->request.receivedNs) / 1000)
        .send();
}

void HttpProxy::redirect(const http::ServerRequest &request, const http::Responder &responder) {
    QByteArray host = request.request.headers.value("Host");
    if (host.startsWith('[')) {
        host = host.left(host.indexOf(']') + 1);
    } else if (host.contains(':')) {
        host = host.left(host.indexOf(':'));
    }
    if (host.isEmpty())
        host = "localhost";
    QByteArray location = "https://" + host;
    // The port of the design's https:// URLs (443: none), as a browser would be sent there.
    const int port = m_config.httpsDesignPort > 0 ? m_config.httpsDesignPort : m_config.httpsPort;
    if (port != 443)
        location += ':' + QByteArray::number(port);
    location += request.request.target.startsWith('/') ? request.request.target : "/";
    http::HttpResponse r;
    r.status = 301;
    r.headers.add("content-length", "0");
    r.headers.add("location", location);
    r.headers.add("cache-control", "no-cache");
    responder.send(r);
    ++m_counters->errors[301];
    if (m_tracing)
        EventEmitter::emitEvent(
            EventKind::LbRedirect,
            QJsonObject{{QStringLiteral("status"), 301},
                        {QStringLiteral("location"), QString::fromLatin1(location)}});
}

} // namespace infrastage::roles::lb
