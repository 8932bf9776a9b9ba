#include "dbwriter.h"

#include <QDeadlineTimer>
#include <QTest>
#include <QTimer>

using namespace infrastage::db;

DbWriter::DbWriter(const QString &address, quint16 port, const QString &prefix, QObject *parent)
    : QObject(parent)
    , m_prefix(prefix) {
    m_client.connectToServer(address, port);
}

void DbWriter::start() {
    m_running = true;
    if (!m_client.waitForConnected(5000))
        return;
    next();
}

void DbWriter::next() {
    if (!m_running || !m_client.isConnected())
        return;
    const QString body = QStringLiteral("%1-%2").arg(m_prefix).arg(++m_sent);
    m_client.query(QStringLiteral("INSERT INTO messages(author, body) VALUES ('writer', ?1)"),
                   QCborArray{body}, [this, body](const DbResult &r) {
                       if (r.ok)
                           m_acked.insert(body, r.seq);
                       else
                           ++m_failed;
                       // Go on from the event loop, not from inside the callback.
                       QTimer::singleShot(0, this, &DbWriter::next);
                   });
}

bool DbWriter::waitForAcked(int count, int timeoutMs) {
    QDeadlineTimer dl(timeoutMs);
    while (m_acked.size() < count && !dl.hasExpired())
        QTest::qWait(5);
    return m_acked.size() >= count;
}
