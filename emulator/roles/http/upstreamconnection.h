#pragma once

#include "httpparser.h"
#include "plainresponse.h"

#include <QHostAddress>
#include <QObject>
#include <QTimer>

#include <functional>

class QSocketNotifier;

namespace infrastage::http {

// How an exchange with an upstream server ended.
enum class UpstreamStatus {
    Ok,             // a whole response arrived
    ConnectFailed,  // refused, unreachable or cut: nothing was sent (safe to retry anywhere)
    ConnectTimeout, // no connection within the connect timeout: nothing was sent
    EmptyResponse,  // closed after the request went out, before any response byte
    BadResponse,    // invalid or truncated response
    Timeout,        // the server did not answer within the server timeout
};

struct UpstreamResult {
    UpstreamStatus status = UpstreamStatus::Ok;
    QByteArray error;      // what went wrong, for events ("Connection refused")
    HttpResponse response; // valid when status == Ok; without fields and body when `raw` is set
    // A raw exchange (UpstreamConnection::send): the response's own bytes, to be forwarded
    // unchanged (HttpParser::lastPlain()); only valid while the callback runs. Empty when the
    // response needs rewriting: then `response` is whole, as in an exchange that is not raw.
    QByteArrayView raw;
    qsizetype bodySize = 0; // the body's size, raw or not
    bool reused = false;    // sent over a kept-alive connection
    qint64 connectNs = 0;   // time spent connecting (0 when reused)
};

// One client connection to an upstream server, carrying one request at a time and kept alive
// between requests by its UpstreamPool. A raw non-blocking descriptor with two notifiers, not
// a QTcpSocket: a response is read with one read(2) into the parser, without Qt's buffer and
// its FIONREAD ioctl per read, and a request is written with one send(2).
class UpstreamConnection final : public QObject {
    Q_OBJECT

public:
    using Callback = std::function<void(UpstreamResult &&)>;

    UpstreamConnection(const QHostAddress &address, quint16 port, const QHostAddress &source,
                       QObject *parent);
    ~UpstreamConnection() override;

    QHostAddress address() const { return m_address; }
    quint16 port() const { return m_port; }
    bool idle() const { return m_state == State::Idle; }
    bool usable() const;

    // Sends `bytes` (a whole serialized request). `head`: the answer has no body. `raw`: the
    // response may come back as its own bytes (UpstreamResult::raw), read into one buffer the
    // connection keeps, without fields or body made per response.
    void send(const QByteArray &bytes, bool head, int connectTimeoutMs, int responseTimeoutMs,
              Callback done, bool raw = false);
    void abort();

signals:
    // The connection finished an exchange and can carry another one.
    void becameIdle(UpstreamConnection *connection);
    // The connection is gone; the pool forgets it.
    void closed(UpstreamConnection *connection);

private:
    enum class State { New, Connecting, Busy, Idle, Closed };
    void connectNow();
    void onConnected();
    void onReadable();
    void onWritable();
    void lost(const QByteArray &error); // the peer closed or reset the connection
    bool flushOut();                    // false: the descriptor failed
    void failLater(UpstreamStatus status, const QByteArray &error);
    void onTimer();
    void arm(int ms); // the connect or response deadline, from now
    void finish(UpstreamStatus status, const QByteArray &error);
    void closeDescriptor();
    // A raw exchange's bytes so far: finishes it when they are a whole plain response; hands
    // them to the parser for good when they are not plain. False: wait for more.
    bool scanRaw();
    // The raw exchange's bytes go to the parser instead (not plain, or the connection ended).
    void rawToParser();

    QHostAddress m_address;
    quint16 m_port;
    QHostAddress m_source;
    int m_fd = -1;
    QSocketNotifier *m_read = nullptr;
    QSocketNotifier *m_write = nullptr; // on while connecting or while output waits
    QByteArray m_out;                   // request bytes not yet taken by the kernel
    qsizetype m_outDone = 0;
    HttpParser m_parser;
    QByteArray m_in;      // a raw exchange's response bytes; its capacity stays for the next
    bool m_raw = false;   // this exchange is raw and its bytes are still scanned (PlainResponse)
    bool m_head = false;  // this exchange's request is HEAD
    bool m_plain = false; // finish(): the response is m_in, as m_plainResponse describes
    PlainResponse m_plainResponse;
    QTimer m_timer;
    State m_state = State::New;
    Callback m_done;
    int m_responseTimeoutMs = 0;
    bool m_gotBytes = false;
    bool m_reused = false;
    bool m_gone = false;
    qint64 m_connectStartNs = 0;
    qint64 m_connectNs = 0;
    qint64 m_deadlineNs = 0; // monotonic ns; 0: no deadline
    qint64 m_timerDueNs = 0; // when m_timer fires, if active
};

} // namespace infrastage::http
