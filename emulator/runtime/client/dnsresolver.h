#pragma once

#include "dnsmessage.h"

#include <QObject>

class QUdpSocket;
class QTimer;

namespace infrastage::runtime {

// A stub resolver over real UDP for the CLI's walkthrough: one question to one server, retried
// twice after a second of silence.
class DnsResolver final : public QObject {
    Q_OBJECT

public:
    explicit DnsResolver(QObject *parent = nullptr);

    void resolve(const QString &server, int port, const QByteArray &name, quint16 type);
    quint16 queryId() const { return m_id; }
    quint16 localPort() const;

signals:
    void resolved(const infrastage::dns::Response &response, qint64 elapsedNs);
    void failed(const QString &error);

private:
    void send();

    QUdpSocket *m_socket;
    QTimer *m_timer;
    QString m_server;
    int m_port = 0;
    QByteArray m_query;
    quint16 m_id = 0;
    int m_tries = 0;
    qint64 m_sentNs = 0;
};

} // namespace infrastage::runtime
