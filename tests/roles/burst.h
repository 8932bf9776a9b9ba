#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QTcpSocket>

#include <memory>

// Requests sent at once on connections of their own, for the overload tests: the time each
// response's first byte came, and the responses.
class Burst final {
public:
    // Opens `n` connections to `address`:`port` and writes `raw` on each.
    bool send(const QString &address, int port, int n, const QByteArray &raw);
    // Waits up to `ms` until every response has at least its header.
    bool wait(int ms);
    int size() const { return int(m_sockets.size()); }
    int status(int i) const { return m_responses[i].mid(9, 3).toInt(); }
    qint64 arrivedMs(int i) const { return m_arrivedMs[i]; }
    const QByteArray &response(int i) const { return m_responses[i]; }

private:
    QList<std::shared_ptr<QTcpSocket>> m_sockets;
    QList<qint64> m_arrivedMs;
    QList<QByteArray> m_responses;
    QElapsedTimer m_clock;
};
