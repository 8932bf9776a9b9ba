#pragma once

#include "dbclient.h"

#include <QMap>
#include <QObject>

// Writes rows with unique contents into messages(author, body) one at a time, as fast as the
// server acknowledges, and remembers which contents were acknowledged (with their transaction
// ids) and which failed: the ground truth for "every acknowledged write survived".
class DbWriter final : public QObject {
    Q_OBJECT

public:
    DbWriter(const QString &address, quint16 port, const QString &prefix,
             QObject *parent = nullptr);

    void start();
    void stop() { m_running = false; }
    bool waitForAcked(int count, int timeoutMs);

    const QMap<QString, qint64> &acked() const { return m_acked; } // body -> seq
    int failed() const { return m_failed; }
    int sent() const { return m_sent; }

private:
    void next();

    infrastage::db::DbClient m_client;
    QString m_prefix;
    QMap<QString, qint64> m_acked;
    int m_sent = 0;
    int m_failed = 0;
    bool m_running = false;
};
