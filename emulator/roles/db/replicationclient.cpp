#include "replicationclient.h"

#include "cborwriter.h"
#include "dbstore.h"
#include "divergencereport.h"
#include "eventemitter.h"
#include "events/eventkind.h"
#include "relaylog.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QtEndian>

namespace infrastage::db {

using roles::EventEmitter::emitEvent;
using roles::EventEmitter::nowNs;

namespace {
constexpr qint64 kSilenceNs = 3000000000LL; // no frame for 3 s (heartbeats every 0.5 s): gone
constexpr size_t kSamples = 200000;
constexpr qsizetype kMaxGroup = 512; // entries per apply transaction
// Without semi-sync nobody waits for acknowledgements (they feed the primary's view of the
// replica's lag): at most one per this interval, not one per transaction.
constexpr int kAckIntervalMs = 100;
constexpr qint64 kRelayBytes = 1 << 20; // the relay log starts over past this, once applied
} // namespace

ReplicationClient::ReplicationClient(DbStore *store, RelayLog *relay, const DbEndpoint &primary,
                                     const QString &bindAddress, qint64 serverId, int delayMs,
                                     QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_relay(relay)
    , m_primary(primary)
    , m_bind(bindAddress)
    , m_serverId(serverId)
    , m_delayMs(delayMs)
    , m_reader(kDefaultMaxFrame * 4) {
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &ReplicationClient::connectNow);
    m_delayTimer.setSingleShot(true);
    connect(&m_delayTimer, &QTimer::timeout, this, &ReplicationClient::applyReady);
    m_watchdog.setInterval(500);
    connect(&m_watchdog, &QTimer::timeout, this, [this] {
        if (m_subscribed && nowNs() - m_lastHeardNs > kSilenceNs && m_socket) {
            emitEvent(
                EventKind::ReplicationTimeout,
                QJsonObject{{QStringLiteral("primary"), m_primary.id},
                            {QStringLiteral("silent_ms"), (nowNs() - m_lastHeardNs) / 1000000}});
            m_socket->abort();
        }
    });
    m_ackTimer.setSingleShot(true);
    m_ackTimer.setInterval(kAckIntervalMs);
    connect(&m_ackTimer, &QTimer::timeout, this, &ReplicationClient::acknowledge);
    m_lagTimer.setInterval(1000);
    connect(&m_lagTimer, &QTimer::timeout, this, [this] { reportLag(false); });
}

void ReplicationClient::start() {
    m_stopped = false;
    m_halted = false;
    m_watchdog.start();
    m_lagTimer.start();
    // From the event loop: a node's first event must be "ready", and replaying may report.
    QMetaObject::invokeMethod(this, &ReplicationClient::resume, Qt::QueuedConnection);
}

void ReplicationClient::resume() {
    if (m_stopped || m_halted)
        return;
    // What was received and acknowledged but not applied before (a kill, a reconnect) first.
    int replayed = 0;
    DbErrorCode code = DbErrorCode::None;
    QString error;
    if (m_relay && !m_relay->replay(m_store, &replayed, &code, &error)) {
        halt(EventKind::ReplicationError,
             QJsonObject{{QStringLiteral("code"), int(code)},
                         {QStringLiteral("error"), QStringLiteral("relay log: ") + error}});
        return;
    }
    connectNow();
}

void ReplicationClient::stop() {
    m_stopped = true;
    m_retry.stop();
    m_delayTimer.stop();
    m_watchdog.stop();
    m_lagTimer.stop();
    m_ackTimer.stop();
    m_queue.clear();
    m_subscribed = false;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    if (!m_halted)
        m_state = QStringLiteral("stopped");
}

void ReplicationClient::setCut(bool cut) {
    m_cut = cut;
    if (cut && m_socket)
        m_socket->abort();
    else if (!cut && !m_stopped && !m_halted && !m_socket)
        connectNow();
}

void ReplicationClient::connectNow() {
    if (m_stopped || m_halted)
        return;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    if (m_cut) {
        m_retry.start(250);
        return;
    }
    m_reader = FrameReader(kDefaultMaxFrame * 4);
    m_state = QStringLiteral("connecting");
    m_socket = new QTcpSocket(this);
    connect(m_socket, &QTcpSocket::connected, this, &ReplicationClient::onConnected);
    connect(m_socket, &QTcpSocket::readyRead, this, &ReplicationClient::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &ReplicationClient::onDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_socket && m_socket->state() != QAbstractSocket::ConnectedState)
            onDisconnected();
    });
    if (!m_bind.isEmpty())
        m_socket->bind(QHostAddress(m_bind), 0);
    m_socket->connectToHost(m_primary.address, m_primary.port);
}

void ReplicationClient::onConnected() {
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_state = QStringLiteral("subscribing");
    m_lastHeardNs = nowNs();
    m_socket->write(encodeFrame(QCborMap{{QStringLiteral("op"), QStringLiteral("subscribe")},
                                         {QStringLiteral("id"), 1},
                                         {QStringLiteral("after"), m_store->lastSeq()},
                                         {QStringLiteral("origin"), m_store->lastOrigin()},
                                         {QStringLiteral("server_id"), m_serverId},
                                         {QStringLiteral("node"), roles::EventEmitter::node()}}));
}

void ReplicationClient::onDisconnected() {
    if (!m_socket)
        return;
    m_socket->disconnect(this);
    m_socket->deleteLater();
    m_socket = nullptr;
    m_queue.clear(); // unapplied entries come again after re-subscribing from our position
    m_delayTimer.stop();
    if (m_subscribed)
        emitEvent(EventKind::ReplicationDisconnected,
                  QJsonObject{{QStringLiteral("primary"), m_primary.id},
                              {QStringLiteral("applied"), m_store->lastSeq()}});
    m_subscribed = false;
    if (!m_halted)
        m_state = QStringLiteral("reconnecting");
    if (!m_stopped && !m_halted)
        m_retry.start(250);
}

void ReplicationClient::onReadyRead() {
    m_reader.append(m_socket->readAll());
    m_lastHeardNs = nowNs();
    QByteArray payload, relayed;
    qint64 lastRelayed = 0;
    for (;;) {
        const FrameReader::Status st = m_reader.next(&payload);
        if (st == FrameReader::Status::NeedMore)
            break;
        BinlogEntry entry;
        bool ack = false;
        if (st == FrameReader::Status::Frame && BinlogEntry::fromFrame(payload, &entry, &ack)) {
            // The stream's frames, read straight from their bytes.
            if (m_relay) {
                QByteArray length(4, Qt::Uninitialized);
                qToBigEndian<quint32>(quint32(payload.size()), length.data());
                relayed.append(length).append(payload);
                lastRelayed = entry.seq;
            }
            receive(std::move(entry), ack);
            continue;
        }
        QCborMap m;
        QString why;
        if (st == FrameReader::Status::TooLarge || !decodeMessage(payload, &m, &why)) {
            halt(EventKind::ReplicationError,
                 QJsonObject{
                     {QStringLiteral("error"), QStringLiteral("bad frame from the primary")}});
            return;
        }
        if (m_relay && m.value(QLatin1String("op")).toString() == QLatin1String("binlog")) {
            QByteArray length(4, Qt::Uninitialized);
            qToBigEndian<quint32>(quint32(payload.size()), length.data());
            relayed.append(length).append(payload);
            lastRelayed = m.value(QLatin1String("seq")).toInteger(0);
        }
        handle(m);
        if (!m_socket || m_halted)
            return;
    }
    // Received entries reach the relay log in one write, then a semi-synchronous primary
    // hears back at once; applying them follows. Without semi-sync (no frame asks for an
    // acknowledgement) nobody waits: they are applied straight away, with no relay write.
    if (!relayed.isEmpty() && m_ackNow) {
        if (m_relay->append(relayed)) {
            m_relayedSeq = lastRelayed;
            if (m_ackNow)
                acknowledge();
        } else {
            m_relay = nullptr; // cannot write it: acknowledge what is applied, as without one
            emitEvent(EventKind::ReplicationError,
                      QJsonObject{{QStringLiteral("error"),
                                   QStringLiteral("cannot write the relay log; acknowledging "
                                                  "transactions once applied")}});
        }
    }
    applyReady();
}

void ReplicationClient::handle(const QCborMap &m) {
    const QString op = m.value(QLatin1String("op")).toString();
    if (op == QLatin1String("binlog")) {
        receive(BinlogEntry::fromMessage(m), m.value(QLatin1String("ack")).toBool());
    } else if (op == QLatin1String("heartbeat")) {
        m_primaryLatest = qMax(m_primaryLatest, m.value(QLatin1String("latest")).toInteger(0));
    } else if (op.isEmpty() && m.value(QLatin1String("id")).toInteger(0) == 1) {
        if (m.value(QLatin1String("ok")).toBool()) {
            m_subscribed = true;
            m_state = QStringLiteral("streaming");
            m_primaryLatest = m.value(QLatin1String("latest")).toInteger(0);
            emitEvent(EventKind::ReplicationConnected,
                      QJsonObject{{QStringLiteral("primary"), m_primary.id},
                                  {QStringLiteral("after"), m_store->lastSeq()},
                                  {QStringLiteral("primary_latest"), m_primaryLatest}});
        } else if (m.value(QLatin1String("code")).toInteger() == int(DbErrorCode::Diverged)) {
            diverged(m);
        } else {
            halt(EventKind::ReplicationError,
                 QJsonObject{{QStringLiteral("error"), m.value(QLatin1String("error")).toString()},
                             {QStringLiteral("code"), m.value(QLatin1String("code")).toInteger()}});
        }
    }
}

void ReplicationClient::receive(BinlogEntry entry, bool ack) {
    m_ackNow = m_ackNow || ack;
    m_primaryLatest = qMax(m_primaryLatest, entry.seq);
    m_queue.push_back(std::move(entry));
}

void ReplicationClient::setApplySlowMs(int ms) {
    m_applySlowMs = qMax(0, ms);
    if (m_applySlowMs == 0 && !m_halted)
        applyReady();
}

void ReplicationClient::applyReady() {
    if (m_applySlowMs > 0 && m_delayTimer.isActive())
        return; // still waiting after the previous transaction
    // Everything that is due goes into one group: one SQLite transaction, one acknowledgement.
    QList<BinlogEntry> batch;
    while (!m_queue.empty() && !m_halted && batch.size() < kMaxGroup) {
        const BinlogEntry &e = m_queue.front();
        if (e.seq <= m_store->lastSeq()) {
            m_queue.pop_front(); // already applied (sent twice across a reconnect)
            continue;
        }
        if (m_delayMs > 0) {
            const qint64 due = e.tsNs + qint64(m_delayMs) * 1000000;
            const qint64 now = nowNs();
            if (now < due) {
                m_delayTimer.start(int((due - now) / 1000000) + 1);
                break;
            }
        }
        batch.append(std::move(m_queue.front()));
        m_queue.pop_front();
        if (m_applySlowMs > 0)
            break; // a slowed replica waits after each transaction
    }
    if (batch.isEmpty())
        return;
    DbErrorCode code = DbErrorCode::None;
    QString error;
    int done = 0;
    const bool ok = m_store->apply(batch, &done, &code, &error);
    const qint64 now = nowNs();
    for (int i = 0; i < done; ++i) {
        const qint64 lagNs = now - batch.at(i).tsNs;
        m_lastLagMs = double(lagNs) / 1e6;
        const qint32 us = qint32(qMin<qint64>(lagNs / 1000, INT32_MAX));
        if (m_samples.size() < kSamples)
            m_samples.push_back(us);
        else
            m_samples[m_sampleNext++ % kSamples] = us;
    }
    if (done > 0 && m_ackNow)
        acknowledge();
    else if (done > 0 && !m_ackTimer.isActive())
        m_ackTimer.start();
    if (m_relay && m_queue.empty())
        m_relay->trim(kRelayBytes); // all of it is applied
    if (done > 0) {
        emit applied(batch.mid(0, done));
        if (m_reportedApplied < 0)
            reportLag(true);
    }
    if (!ok) {
        halt(EventKind::ReplicationError, QJsonObject{{QStringLiteral("seq"), batch.at(done).seq},
                                                      {QStringLiteral("code"), int(code)},
                                                      {QStringLiteral("error"), error}});
        return;
    }
    if (m_applySlowMs > 0)
        m_delayTimer.start(m_applySlowMs); // the next one waits (slowed replica)
    else if (!m_queue.empty() && !m_delayTimer.isActive())
        QMetaObject::invokeMethod(this, &ReplicationClient::applyReady, Qt::QueuedConnection);
}

void ReplicationClient::acknowledge() {
    m_ackNow = false;
    m_ackTimer.stop();
    if (!m_socket || !m_subscribed)
        return;
    // With a relay log, what it holds counts: MySQL's semi-sync acknowledges the relay write.
    const qint64 seq = m_relay ? qMax(m_relayedSeq, m_store->lastSeq()) : m_store->lastSeq();
    QByteArray frame;
    CborWriter w(&frame);
    w.beginFrame();
    w.startMap(4);
    w.key(QLatin1StringView("op"));
    w.key(QLatin1StringView("ack"));
    w.key(QLatin1StringView("id"));
    w.integer(0);
    w.key(QLatin1StringView("seq"));
    w.integer(seq);
    w.key(QLatin1StringView("lag_ns"));
    w.integer(qint64(m_lastLagMs * 1e6));
    w.endFrame();
    m_socket->write(frame);
    m_socket->flush();
}

void ReplicationClient::diverged(const QCborMap &answer) {
    const QJsonObject report = DivergenceReport::build(
        m_store, answer.value(QLatin1String("history")).toArray(), m_primary.id);
    // Also a runtime finding, so the GUI and CLI list it beside the static analysis.
    emitEvent(
        EventKind::Finding,
        QJsonObject{
            {QStringLiteral("rule"), QStringLiteral("runtime.split-brain")},
            {QStringLiteral("severity"), QStringLiteral("error")},
            {QStringLiteral("nodes"), QJsonArray{roles::EventEmitter::node(), m_primary.id}},
            {QStringLiteral("title"), QStringLiteral("Split brain: two primaries accepted writes")},
            {QStringLiteral("explanation"), report.value(QLatin1String("explanation"))}});
    halt(EventKind::ReplicationDiverged, report);
}

void ReplicationClient::halt(const QString &kind, const QJsonObject &details) {
    m_halted = true;
    m_state = kind == EventKind::ReplicationDiverged ? QStringLiteral("diverged")
                                                     : QStringLiteral("error");
    QJsonObject d = details;
    d.insert(QStringLiteral("primary"), m_primary.id);
    d.insert(QStringLiteral("applied"), m_store->lastSeq());
    emitEvent(kind, d);
    m_queue.clear();
    m_delayTimer.stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    m_subscribed = false;
}

qint64 ReplicationClient::behindTxns() const {
    return qMax<qint64>(0, m_primaryLatest - m_store->lastSeq());
}

double ReplicationClient::behindMs() const {
    if (behindTxns() == 0)
        return 0;
    if (!m_queue.empty())
        return double(nowNs() - m_queue.front().tsNs) / 1e6;
    return m_lastLagMs;
}

void ReplicationClient::reportLag(bool force) {
    const qint64 applied = m_store->lastSeq();
    if (!force && applied == m_reportedApplied && behindTxns() == 0)
        return;
    m_reportedApplied = applied;
    emitEvent(EventKind::ReplicationLag,
              QJsonObject{{QStringLiteral("primary"), m_primary.id},
                          {QStringLiteral("applied"), applied},
                          {QStringLiteral("primary_latest"), m_primaryLatest},
                          {QStringLiteral("behind_txns"), behindTxns()},
                          {QStringLiteral("behind_ms"), behindMs()},
                          {QStringLiteral("last_lag_ms"), m_lastLagMs},
                          {QStringLiteral("delay_ms"), m_delayMs}});
}

QCborMap ReplicationClient::status() const {
    return QCborMap{{QStringLiteral("primary"), m_primary.id},
                    {QStringLiteral("primary_address"), m_primary.address},
                    {QStringLiteral("primary_port"), m_primary.port},
                    {QStringLiteral("state"), m_state},
                    {QStringLiteral("applied"), m_store->lastSeq()},
                    {QStringLiteral("primary_latest"), m_primaryLatest},
                    {QStringLiteral("behind_txns"), behindTxns()},
                    {QStringLiteral("behind_ms"), behindMs()},
                    {QStringLiteral("last_lag_ms"), m_lastLagMs},
                    {QStringLiteral("delay_ms"), m_delayMs}};
}

QCborArray ReplicationClient::lagSamples() const {
    QCborArray out;
    for (qint32 v : m_samples)
        out.append(v);
    return out;
}

} // namespace infrastage::db
