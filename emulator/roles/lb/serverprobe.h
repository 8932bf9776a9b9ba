#pragma once

#include <QHostAddress>
#include <QObject>
#include <QTimer>

#include <functional>

class QTcpSocket;

namespace infrastage::roles::lb {

// One health check against one server, as HAProxy runs it: a new connection, then (http) a
// "GET <path> HTTP/1.0" whose status must be 2xx or 3xx, or (tcp) just the connection.
class ServerProbe final : public QObject {
    Q_OBJECT

public:
    struct Result {
        bool ok = false;
        QString check; // HAProxy's wording: "Layer7 check passed, code: 200"
        int code = 0;
        qint64 durationUs = 0;
    };
    using Callback = std::function<void(const Result &)>;

    ServerProbe(const QHostAddress &address, quint16 port, const QHostAddress &source,
                QObject *parent);
    // `path` empty: a Layer4 (connect) check.
    void run(const QByteArray &path, int connectTimeoutMs, int timeoutMs, bool cut, Callback done);
    bool running() const { return m_socket != nullptr; }

private:
    void finish(bool ok, const QString &check, int code = 0);
    void onReadyRead();

    QHostAddress m_address;
    quint16 m_port;
    QHostAddress m_source;
    QTcpSocket *m_socket = nullptr;
    QTimer m_timer;
    QByteArray m_path;
    QByteArray m_reply;
    bool m_connected = false;
    qint64 m_startNs = 0;
    Callback m_done;
};

} // namespace infrastage::roles::lb
